// The snapshot table of qemu-img info and snapshot -l (bdrv_snapshot_dump), and its --output=json form.

import type { SnapshotInfo } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { sizeToStr } from '../../util/size.ts';
import type { QJson } from './qjson.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** strftime("%Y-%m-%d %H:%M:%S") in local time. */
function localDate(sec: number): string {
  const d = new Date(sec * 1000);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** "HH:MM:SS.mmm" of the guest clock. */
function clock(nsec: number): string {
  const secs = Math.floor(nsec / 1e9);
  const ms = Math.floor(nsec / 1e6) % 1000;
  return `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}.${String(ms).padStart(3, '0')}`;
}

/** QEMUSnapshotInfo's fixed buffers: id_str[128] and name[256], filled by pstrcpy (so cut in bytes). */
const ID_BYTES = 127;
export const NAME_BYTES = 255;

/** The first `max` bytes of `text`'s UTF-8 form. */
export function cutBytes(text: string, max: number): string {
  const b = Buffer.from(text, 'utf8');
  return b.length <= max ? text : b.subarray(0, max).toString('utf8');
}

/** bdrv_snapshot_list(): the node's snapshots as the tools see them, ids and names cut to QEMU's buffers. */
export async function listSnapshotInfos(node: BlockNode): Promise<SnapshotInfo[]> {
  const list = (await node.driver.listSnapshots?.(node)) ?? [];
  return list.map((sn) => ({ ...sn, id: cutBytes(sn.id, ID_BYTES), name: cutBytes(sn.name, NAME_BYTES) }));
}

export const SNAPSHOT_HEADER =
  'ID'.padEnd(10) + 'TAG'.padEnd(17) + 'VM SIZE'.padStart(8) + 'DATE'.padStart(20) + 'VM CLOCK'.padStart(13) + 'ICOUNT'.padStart(11);

export function snapshotRow(sn: SnapshotInfo): string {
  return (
    sn.id.padEnd(9) + ' ' + sn.name.padEnd(16) + ' ' + sizeToStr(sn.vmStateSize).padStart(8) +
    localDate(sn.dateSec).padStart(20) + clock(sn.vmClockNsec).padStart(13) +
    (sn.icount === undefined ? '' : String(sn.icount)).padStart(11)
  );
}

/** "Snapshot list:", the header and one row per snapshot, newline-terminated. */
export function snapshotTable(list: readonly SnapshotInfo[]): string {
  return ['Snapshot list:', SNAPSHOT_HEADER, ...list.map(snapshotRow)].map((l) => l + '\n').join('');
}

/** SnapshotInfo as QAPI prints it. */
export function snapshotJson(sn: SnapshotInfo): QJson {
  return {
    id: sn.id,
    name: sn.name,
    'vm-state-size': sn.vmStateSize,
    'date-sec': sn.dateSec,
    'date-nsec': sn.dateNsec,
    'vm-clock-sec': Math.floor(sn.vmClockNsec / 1e9),
    'vm-clock-nsec': sn.vmClockNsec % 1e9,
    icount: sn.icount,
  };
}
