// Internal snapshots of an open image: loading the table, listing it, and the references its L1 tables hold.

import type { SnapshotInfo } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import { decodeSnapshots, type SnapshotEntry } from './snapshot-table.ts';
import type { HostFile } from './host-file.ts';
import type { Qcow2Header } from './header.ts';

/** QCOW_MAX_SNAPSHOTS_SIZE: 1 KiB per snapshot for the 65536 snapshots QEMU allows. */
const MAX_TABLE_BYTES = 64 * 1024 * 1024;

/** Read the snapshot table the header points at (entry by entry, so a short table costs little). */
export async function loadSnapshots(
  file: HostFile, h: Qcow2Header, discardExtra?: (index: number, size: number) => void,
): Promise<{ entries: SnapshotEntry[]; bytes: number }> {
  if (h.nbSnapshots === 0) return { entries: [], bytes: 0 };
  let chunk = Math.min(Math.max(4096, h.nbSnapshots * 128), MAX_TABLE_BYTES);
  for (;;) {
    const buf = await file.read(h.snapshotsOffset, chunk);
    try {
      // Discards are told once the whole table decoded (a short window is read again, larger).
      const discarded: Array<[number, number]> = [];
      const r = decodeSnapshots(buf, h.nbSnapshots, h.size, discardExtra && ((i, n) => void discarded.push([i, n])));
      if (r.bytes < 0) {
        throw new BlockError(
          'EFBIG',
          `Too much extra metadata in snapshot table entry ${-1 - r.bytes}\nYou can force-remove this extra metadata with qemu-img check -r all`,
        );
      }
      for (const [i, n] of discarded) discardExtra!(i, n);
      return r;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      // Grow the window until every entry fits; QEMU refuses tables past 64 MiB.
      if (chunk >= MAX_TABLE_BYTES) throw new BlockError('EFBIG', 'Snapshot table is too big');
      chunk = Math.min(chunk * 4, MAX_TABLE_BYTES);
    }
  }
}

export function snapshotInfos(entries: readonly SnapshotEntry[]): SnapshotInfo[] {
  return entries.map((e) => {
    const info: SnapshotInfo = {
      id: e.id, name: e.name, vmStateSize: e.vmStateSize, dateSec: e.dateSec, dateNsec: e.dateNsec, vmClockNsec: e.vmClockNsec,
    };
    if (e.icount >= 0) info.icount = e.icount;
    return info;
  });
}
