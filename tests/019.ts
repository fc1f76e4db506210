// 019: what qemu-img cannot do with a raw image: check, snapshots, amend, commit, rebase; with exact statuses.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'check', 'errors', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-img check exits 63 on raw, and snapshot/amend/commit/rebase on raw fail with QEMU\'s texts',
  async run(t) {
    const img = t.env.TEST_IMG;
    const img2 = (...args: string[]) => t.qemuImg(args, { status: 'always' });
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x5a 0 1M');

    t.banner('check');
    await t.checkTestImg({ status: 'always' });
    await img2('check', '-f', 'raw', '--output=json', img);
    await img2('check', '-f', 'raw', '-r', 'all', img);
    await img2('check', '-f', 'raw', '-r', 'leaks', img);
    await img2('check', '-q', '-f', 'raw', img);
    await img2('check', img);
    await img2('check', '-f', 'raw', '-T', 'none', img);

    t.banner('check errors');
    await img2('check', '-f', 'raw', '-r', 'bogus', img);
    await img2('check');
    await img2('check', '-f', 'raw', t.path('missing.img'));
    await img2('check', '-f', 'raw', '--output=xml', img);
    await img2('check', '-f', 'raw', '-T', 'bogus', img);

    t.banner('snapshots');
    await img2('snapshot', '-l', img);
    await img2('snapshot', '-l', '-c', 'x', img);
    await img2('snapshot', '-f', 'raw', '-l', img);

    t.banner('amend, commit, rebase');
    await img2('amend', img);
    await img2('amend', '-f', 'raw', '-o', 'size=2M', img);
    await img2('commit', '-f', 'raw', img);
    await img2('rebase', img);
    await img2('rebase', '-f', 'raw', '-u', '-b', 'x', img);

    t.banner('top-level errors');
    await img2();
    await img2('bogus');
    await img2('--bogus');
    await img2('-x', 'create');

    t.banner('the data is untouched');
    await t.io('read -P 0x5a 0 1M');
  },
};
export default test;
