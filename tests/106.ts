// 106: the rest of test 105's sweep: refblock_alloc, raised at every refcount-block lookup of an update, fails the write that updates refcounts.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { runInjectionSweep, sweepRows } from '../common/inject.ts';

/** Events and the `once` settings swept, each with errno EIO (5) and ENOSPC (28), on a fresh image. */
const TABLE: Array<[string, Array<'on' | 'off'>]> = [
  ['refblock_alloc', ['on', 'off']],
];
const ROWS = sweepRows(TABLE);

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw'],
  formats: ['qcow2'],
  purpose: 'refblock_alloc: injected EIO/ENOSPC on each qcow2 event fails the requests QEMU fails, leaves a consistent image (leaks at most) and keeps earlier data',
  async run(t) {
    await runInjectionSweep(t, ROWS);
  },
};
export default test;
