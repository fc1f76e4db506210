// 134: compressed writes and discards are not written through (no flush, metadata stays cached) under qemu-io's writethrough cache, as QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

const CASES: Array<[string, string[], string[]]> = [
  ['two compressed writes', ['write -c -P 1 1M 64k', 'write -c -P 2 2M 64k'], []],
  ['a discard of a data cluster', ['discard 1114112 64k'], ['write -q 1M 128k']],
  ['a plain write, for comparison', ['write -P 3 4M 64k'], []],
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'flush_to_os / l2_update / refblock_update_part / pwritev counts of compressed writes and discards match QEMU',
  async run(t) {
    t.requireNoImgOpts();
    for (const [title, work, setup] of CASES) {
      t.banner(title);
      for (const event of ['flush_to_os', 'flush_to_disk', 'l2_update', 'refblock_update_part', 'pwritev', 'cluster_alloc_bytes', 'cluster_free']) {
        await t.makeTestImg('64M', { quiet: true });
        await t.io(['write -q -P 0x5a 0 512', ...setup]);
        const probeOffset = await hostOffsetOfGuestZero(t, t.env.TEST_IMG);
        await printEventCount(t, event, { work, probeOffset });
      }
    }
    t.banner('what a close writes out');
    await t.makeTestImg('64M', { quiet: true });
    await t.io(['write -c -P 1 1M 64k', 'discard 1M 64k', 'write -c -P 2 2M 64k', 'read -P 0 1M 64k', 'read -P 2 2M 64k']);
    await t.checkTestImg();
  },
};
export default test;
