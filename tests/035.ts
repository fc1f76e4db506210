// 035: qemu-img create -o option lists: merging several -o, empty and trailing items, flags, ,, escapes, --object.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'create', 'options', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-img create parses -o option lists exactly as QEMU 7.2, including its odd corners',
  async run(t) {
    t.requireNoImgOpts();
    const create = (...args: string[]) => t.qemuImg(['create', '-f', 'raw', ...args], { status: true });
    const a = t.path('a.raw');

    t.banner('several -o options are merged; later values win');
    await create('-o', 'size=1M', '-o', 'preallocation=full', a);
    await create('-o', 'size=1M,size=2M', a);
    t.echo(`file size: ${await t.fileSize(a)}`);
    await create('-o', 'help', '-o', 'size=1M', a);

    t.banner('empty and trailing items');
    await create('-o', '', a, '1M');
    await create('-o', ',', a, '1M');
    await create('-o', 'size=1M,', a);

    t.banner('options without a value');
    await create('-o', 'preallocation', a, '1M');
    await create('-o', 'size', a);

    t.banner('protocol options');
    await create('-o', 'nocow=on', a, '1M');
    await create('-o', 'extent_size_hint=1M', a, '1M');
    await create('-o', 'nocow=x', a, '1M');
    await create('-o', 'extent_size_hint=-1', a, '1M');

    t.banner('commas: escaped in values, literal in plain file names');
    await create('-o', 'size=1M,preallocation=off,,full', a);
    await create(t.path('d,,e.raw'), '64k');
    t.echo(`d,,e.raw exists: ${await t.exists('d,,e.raw')}, d,e.raw exists: ${await t.exists('d,e.raw')}`);

    t.banner('--object and -u are accepted');
    await create('--object', 'secret,id=s0,data=x', a, '1M');
    await create('-o', 'size=1M', '-u', a);
    await create('--object', 'secret,id=s0', a, '1M');
  },
};
export default test;
