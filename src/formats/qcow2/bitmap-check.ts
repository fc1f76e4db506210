// qemu-img check's share for persistent bitmaps: reference the directory, each bitmap table and each data cluster.

import { BlockError } from '../../block/errors.ts';
import { bitmapsExt, readBitmapList } from './bitmap-load.ts';
import { dataOffsets, tableEntryValid } from './bitmap-table.ts';
import type { Qcow2State } from './state.ts';

/**
 * qcow2_check_bitmaps_refcounts(): `count(offset, bytes)` adds a reference to every cluster of a
 * range. A directory or table that cannot be loaded is one corruption and fails the check with
 * EINVAL ("Check failed: Invalid argument"), as in QEMU; a stale extension counts nothing.
 */
export async function countBitmapRefs(
  s: Qcow2State, count: (offset: number, bytes: number) => void, corruption: () => void,
): Promise<void> {
  const ext = bitmapsExt(s);
  if (!ext) return;
  count(ext.directoryOffset, ext.directorySize);
  const entries = await readBitmapList(s).catch((e: unknown) => {
    if (!(e instanceof BlockError)) throw e;
    return undefined;
  });
  if (!entries) {
    corruption();
    throw BlockError.io('EINVAL');
  }
  for (const e of entries) {
    count(e.tableOffset, e.tableSize * 8);
    const data = dataOffsets(await s.file.read(e.tableOffset, e.tableSize * 8));
    if (data.some((d) => !tableEntryValid(d.raw, s.geo.clusterSize))) {
      corruption();
      throw BlockError.io('EINVAL');
    }
    for (const d of data) if (d.offset) count(d.offset, s.geo.clusterSize);
  }
}
