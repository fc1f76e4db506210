// 107: more of test 105's sweep: mostly once=off events (every later metadata write fails too, qcow2's close reports the failed cache flushes) and failed data writes that give their new clusters back.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { runInjectionSweep, sweepRows } from '../common/inject.ts';

/** Events and the `once` settings swept, each with errno EIO (5) and ENOSPC (28), on a fresh image. */
const TABLE: Array<[string, Array<'on' | 'off'>]> = [
  ['l1_update', ['on', 'off']],
  ['l2_alloc_cow_read', ['on', 'off']],
  ['l2_update', ['off']],
  ['l2_alloc_write', ['on', 'off']],
  ['write_aio', ['on', 'off']],
  ['cow_read', ['on', 'off']],
  ['cow_write', ['on', 'off']],
  ['refblock_load', ['off']],
  ['refblock_update_part', ['off']],
  ['cluster_alloc', ['off']],
  ['flush_to_os', ['off']],
  ['flush_to_disk', ['off']],
  ['pwritev', ['on', 'off']],
  ['pwritev_done', ['off']],
  ['pwritev_zero', ['on', 'off']],
];
// An errno without a name: glibc's "Unknown error 999" in request failures and close messages.
const ROWS = [
  ...sweepRows(TABLE),
  ['write_aio', 'off', 999] as const,
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'auto'],
  formats: ['qcow2'],
  purpose: 'injected EIO/ENOSPC on each qcow2 event fails the requests QEMU fails and close reports the failed cache flushes, leaves a consistent image (leaks at most) and keeps earlier data',
  async run(t) {
    await runInjectionSweep(t, ROWS);
    const img = t.env.TEST_IMG;

    t.banner('blkverify flushes only the test image; TEST given as json:');
    const raw = t.path('raw.img');
    await t.makeTestImg('1M', { quiet: true });
    await t.qemuImg(['create', '-q', '-f', 'raw', raw, '1M']);
    const flushFails = (file: string) => `{"driver":"blkdebug","inject-error":[{"event":"flush_to_disk","iotype":"flush"}],"image":{"driver":"file","filename":"${file}"}}`;
    const cmds = ['-c', 'write -P 0x55 0 4k', '-c', 'flush', '-c', 'write -P 0x66 4k 4k'];
    await t.qemuIo([...cmds, `json:{"driver":"blkverify","raw":{"driver":"raw","file":${flushFails(raw)}},"test":{"driver":"${t.env.IMGFMT}","file":{"driver":"file","filename":"${img}"}}}`], { status: true });
    await t.qemuIo([...cmds, `json:{"driver":"blkverify","raw":{"driver":"file","filename":"${raw}"},"test":{"driver":"${t.env.IMGFMT}","file":${flushFails(img)}}}`], { status: true });
    await t.qemuIo(['-c', 'read -P 0x55 0 4k', `blkverify:${raw}:json:{"driver":"${t.env.IMGFMT}","file":{"driver":"file","filename":"${img}"}}`], { status: true });
    await t.qemuIo(['-c', 'read 0 4k', `blkverify:${raw}:json:{"file.filename":"${img}"}`], { status: true });
  },
};
export default test;
