// The crash-consistency sweep of the error-injection tests: one blkdebug rule per row, each on a fresh qcow2 image.

import type { TestContext } from './context.ts';

/** One sweep row: the event the rule fires on, its `once` setting and the errno it injects. */
export type InjectRow = readonly [event: string, once: 'on' | 'off', errno: number];

/** Rows for every event of `table` with each of its `once` settings, each with every errno (default EIO and ENOSPC). */
export function sweepRows(table: ReadonlyArray<readonly [string, ReadonlyArray<'on' | 'off'>]>, errnos = [5, 28]): InjectRow[] {
  return table.flatMap(([event, onces]) => onces.flatMap((once) => errnos.map((errno) => [event, once, errno] as const)));
}

/**
 * For each row: a fresh 8 MiB image (4 KiB clusters) with data at 0, then a write workload through
 * `blkdebug:CONFIG:IMAGE` with the row's rule, `qemu-img check`, and a read-back of the earlier data.
 */
export async function runInjectionSweep(t: TestContext, rows: readonly InjectRow[]): Promise<void> {
  const cfg = t.path('blkdebug.conf');
  const img = t.env.TEST_IMG;
  for (const [event, once, errno] of rows) {
    t.banner(`${event} once=${once} errno=${errno}`);
    await t.makeTestImg('8M', { options: 'cluster_size=4096', quiet: true });
    await t.io('write -q -P 0x11 0 8k');
    await t.writeFile('blkdebug.conf', `[inject-error]\nevent = "${event}"\nerrno = "${errno}"\nonce = "${once}"\n`);
    const workload = ['write -P 0x22 64k 8k', 'write -P 0x33 3M 4k', 'write -P 0x44 10k 5k', 'write -z 1M 64k', 'read -P 0x11 0 8k'];
    await t.qemuIo([...workload.flatMap((c) => ['-c', c]), `blkdebug:${cfg}:${img}`], { status: true });
    await t.checkTestImg();
    await t.io('read -P 0x11 0 8k');
  }
}
