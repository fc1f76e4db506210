// 209: qemu-img commit lays data out as QEMU's mirror job does: zeroes free base clusters before the data read alongside them is written.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

/**
 * Base and overlay writes (qemu-io commands) of each case; both images have 64 KiB clusters.
 * (Where a copy and the zeroes after it fall in different runs of the job, QEMU's layout depends
 * on whether the read ends before the job's next iteration: no such case here.)
 */
const CASES: Array<[string, string[], string[]]> = [
  ['data over a base hole, then zeroes over base data in the same dirty run', ['write -q -P 1 64k 448k'], ['write -q -P 2 0 64k', 'write -q -z 64k 448k']],
  ['zeroes smaller than a cluster are copied at once, data waits for its read', ['write -q -P 1 0 1M'], ['write -q -z -u 8k 8k', 'write -q -P 2 2M 64k', 'write -q -z 512k 64k']],
  ['a discarded overlay cluster over base data, data after it', ['write -q -P 1 0 512k'], ['write -q -P 2 1M 64k', 'discard -q 0 128k']],
];

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'commit writes zero and discard ranges before the data copied in the same stretch of the mirror job, so freed base clusters are reused where QEMU reuses them',
  async run(t) {
    t.requireNoImgOpts();
    const base = t.path('base.qcow2');
    const img = t.env.TEST_IMG;
    for (const [title, baseWrites, topWrites] of CASES) {
      t.banner(title);
      await t.makeTestImg('4M', { img: base, quiet: true });
      await t.io(baseWrites, { img: base });
      await t.makeTestImg('4M', { backing: base, backingFmt: 'qcow2', quiet: true });
      await t.io(topWrites);
      await t.qemuImg(['commit', '-q', img]);
      await t.qemuImg(['map', '--output=json', '-f', 'qcow2', base]);
      await t.qemuImg(['check', base]);
    }
  },
};
export default test;
