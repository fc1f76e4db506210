// 105: error injection on qcow2 metadata events (a table swept with once on/off, EIO/ENOSPC): the image stays consistent and data written before the failure reads back.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { runInjectionSweep, sweepRows } from '../common/inject.ts';

/** Events and the `once` settings swept, each with errno EIO (5) and ENOSPC (28), on a fresh image. */
const TABLE: Array<[string, Array<'on' | 'off'>]> = [
  ['l2_load', ['on', 'off']],
  ['l2_update', ['on']],
  ['read_aio', ['on', 'off']],
  ['refblock_load', ['on']],
  ['refblock_update_part', ['on']],
  ['cluster_alloc', ['on']],
  ['cluster_free', ['on', 'off']],
  ['flush_to_os', ['on']],
  ['flush_to_disk', ['on']],
  ['pwritev_done', ['on']],
  ['pwritev_rmw_head', ['on', 'off']],
];
const ROWS = sweepRows(TABLE);

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'auto'],
  formats: ['qcow2'],
  purpose: 'injected EIO/ENOSPC on each qcow2 event fails the requests QEMU fails, leaves a consistent image (leaks at most) and keeps earlier data',
  async run(t) {
    await runInjectionSweep(t, ROWS);
  },
};
export default test;
