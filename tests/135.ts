// 135: shrinking a qcow2 image raises l1_shrink_write_table and l1_shrink_free_l2_clusters once each (one zeroing request for the L1 tail), as QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

const CASES: Array<[string, string[], string]> = [
  ['two L2 tables dropped', ['write -q 8M 512', 'write -q 12M 512'], 'truncate 1M'],
  ['one L2 table dropped, one kept', ['write -q 8M 512'], 'truncate 10M'],
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'resize', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'l1_shrink_* event counts and a failed L1 shrink match QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    for (const [title, setup, work] of CASES) {
      t.banner(title);
      for (const event of ['l1_shrink_write_table', 'l1_shrink_free_l2_clusters', 'pwritev_zero']) {
        await t.makeTestImg('16M', { options: 'cluster_size=512', quiet: true });
        await t.io(['write -q -P 0x5a 0 512', ...setup]);
        const probeOffset = await hostOffsetOfGuestZero(t, img);
        await printEventCount(t, event, { work: [work], probeOffset });
      }
    }
    // (Failures after l1_shrink_free_l2_clusters differ: QEMU's discard of the dropped range has allocated L2 tables first.)
    for (const event of ['l1_shrink_write_table']) {
      for (const once of ['on', 'off']) {
        t.banner(`inject-error on ${event} once=${once}`);
        await t.makeTestImg('16M', { options: 'cluster_size=512', quiet: true });
        await t.io(['write -q -P 0x5a 0 512', 'write -q 8M 512', 'write -q 12M 512']);
        await t.writeFile('blkdebug.conf', `[inject-error]\nevent = "${event}"\nerrno = "5"\nonce = "${once}"\n`);
        await t.qemuIo(['-c', 'truncate 1M', '-c', 'read -P 0x5a 0 512', `blkdebug:${t.path('blkdebug.conf')}:${img}`], { status: true });
        await t.checkTestImg();
      }
    }
  },
};
export default test;
