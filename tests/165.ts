// 165: --object secret with format=base64: data and file contents are checked as QEMU's qbase64_decode() does.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['auto', 'quick'],
  formats: ['raw'],
  purpose: 'base64 secrets outside the alphabet or with NUL bytes are refused with QEMU\'s messages',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('t.img');
    await t.qemuImg(['create', '-q', '-f', 'raw', img, '1M']);
    const info = (object: string) => t.qemuImg(['info', '--object', object, '-f', 'raw', img], { status: true, extraFilters: [(s) => s.replace(/^disk size: .*\n/gm, '')] });

    t.banner('inline data');
    for (const data of ['eA==', '!!', 'eA=x', 'e A==', '']) await info(`secret,id=s,data=${data},format=base64`);

    t.banner('data from a file');
    await t.writeFile('ok', 'eA==\n');
    await t.writeFile('blank', 'e A==');
    await t.writeFile('nul', 'eA\0==');
    for (const f of ['ok', 'blank', 'nul']) await info(`secret,id=s,file=${t.path(f)},format=base64`);
    await info(`secret,id=s,file=${t.path('blank')},format=raw`);
  },
};
export default test;
