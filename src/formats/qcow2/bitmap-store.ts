// qcow2 persistent bitmaps written back: bitmap data and tables, the directory and header extension, freeing what they replace.

import type { DirtyBitmap } from '../../block/dirty-bitmap.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { BME_AUTO, BME_IN_USE, BT_DIRTY_TRACKING, encodeBitmapsExt, encodeDirectory, type DirEntry } from './bitmap-dir.ts';
import { bitmapsExt, readBitmapList } from './bitmap-load.ts';
import { dataClusters, dataOffsets, encodeBitmapTable, tableEntryValid } from './bitmap-table.ts';
import { AUTOCLEAR_BITMAPS, EXT_BITMAPS } from './constants.ts';
import { writeHeader } from './meta.ts';
import { allocClusters, freeClusters } from './refcount.ts';
import type { Qcow2State } from './state.ts';

/** Where a stored bitmap table lives. */
interface TableRef {
  offset: number;
  size: number;
}

const clustersFor = (s: Qcow2State, bytes: number): number => Math.ceil(bytes / s.geo.clusterSize);

/** store_bitmap(): write the bitmap's non-zero clusters, then its table; point `e` at the table. */
async function storeBitmap(s: Qcow2State, e: DirEntry, b: DirtyBitmap): Promise<void> {
  const offsets: number[] = [];
  for (const cluster of dataClusters(b.bits, s.geo.clusterSize)) {
    if (!cluster) {
      offsets.push(0);
      continue;
    }
    const off = await allocClusters(s, 1);
    await s.file.write(off, cluster);
    offsets.push(off);
  }
  const table = encodeBitmapTable(offsets);
  const at = await allocClusters(s, clustersFor(s, table.length));
  await s.file.write(at, table);
  e.tableOffset = at;
  e.tableSize = offsets.length;
}

/** free_bitmap_clusters(): drop a table and its data clusters; a table with malformed entries is leaked, as in QEMU. */
async function freeTable(s: Qcow2State, t: TableRef): Promise<void> {
  if (!t.offset || !t.size) return;
  const buf = await s.file.read(t.offset, t.size * 8);
  const data = dataOffsets(buf);
  if (data.some((d) => !tableEntryValid(d.raw, s.geo.clusterSize))) return;
  for (const d of data.filter((x) => x.offset)) {
    // Data clusters are freed with QCOW2_DISCARD_ALWAYS: the host file drops them too.
    await freeClusters(s, d.offset, s.geo.clusterSize);
    await s.file.discard(d.offset, s.geo.clusterSize);
  }
  await freeClusters(s, t.offset, t.size * 8);
}

/**
 * update_ext_header_and_dir(): write `entries` as a new directory (none when empty), point the
 * header extension at it (the autoclear bit says the extension is valid), then free the old one.
 */
async function replaceDirectory(s: Qcow2State, entries: readonly DirEntry[]): Promise<void> {
  const old = bitmapsExt(s);
  s.ext.opaque = s.ext.opaque.filter((o) => o.type !== EXT_BITMAPS);
  s.staleBitmaps = false;
  if (entries.length) {
    const dir = encodeDirectory(entries);
    const at = await allocClusters(s, clustersFor(s, dir.length));
    await s.file.write(at, dir);
    const ext = { nbBitmaps: entries.length, reserved: 0, directorySize: dir.length, directoryOffset: at };
    s.ext.opaque.push({ type: EXT_BITMAPS, data: encodeBitmapsExt(ext) });
    s.header.autoclearFeatures |= BigInt(AUTOCLEAR_BITMAPS);
  } else {
    s.header.autoclearFeatures &= ~BigInt(AUTOCLEAR_BITMAPS);
  }
  await s.refCache.flush();
  await s.l2Cache.flush();
  await writeHeader(s);
  await s.file.flush();
  if (old && old.directorySize) await freeClusters(s, old.directoryOffset, old.directorySize);
}

/**
 * qcow2_store_persistent_dirty_bitmaps() at close: every persistent bitmap that is consistent and
 * writable is written anew (a stored entry must be in use, i.e. loaded by us); entries of
 * inconsistent bitmaps stay as they are. Nothing is written when no bitmap needs it.
 */
export async function storeDirtyBitmaps(node: BlockNode, s: Qcow2State): Promise<void> {
  const entries = await readBitmapList(s);
  const drop: TableRef[] = [];
  const pending: Array<{ e: DirEntry; b: DirtyBitmap }> = [];
  for (const b of node.dirtyBitmaps ?? []) {
    if (!b.persistent || b.inconsistent || b.readonly) continue;
    let e = entries.find((x) => x.name === b.name);
    if (!e) {
      e = { tableOffset: 0, tableSize: 0, flags: 0, type: BT_DIRTY_TRACKING, granularityBits: 0, name: b.name, extraData: new Uint8Array(0) };
      entries.push(e);
    } else {
      if (!(e.flags & BME_IN_USE)) throw new BlockError('EEXIST', `Bitmap '${b.name}' already exists in the image`);
      drop.push({ offset: e.tableOffset, size: e.tableSize });
    }
    e.flags = b.enabled ? BME_AUTO : 0;
    e.granularityBits = Math.log2(b.granularity);
    pending.push({ e, b });
  }
  if (!pending.length) return;
  // Tables are written in directory order.
  for (const e of entries) {
    const p = pending.find((x) => x.e === e);
    if (p) await storeBitmap(s, e, p.b);
  }
  await replaceDirectory(s, entries);
  for (const t of drop) await freeTable(s, t);
}

/** qcow2_co_remove_persistent_dirty_bitmap(): drop the stored bitmap `name` (if stored) and its clusters. */
export async function removeStoredBitmap(s: Qcow2State, name: string): Promise<void> {
  const entries = await readBitmapList(s);
  const e = entries.find((x) => x.name === name);
  if (!e) return;
  await replaceDirectory(s, entries.filter((x) => x !== e));
  await freeTable(s, { offset: e.tableOffset, size: e.tableSize });
}

/** qcow2_reopen_bitmaps_ro(): before a node becomes read-only, store its bitmaps and make them read-only. */
export async function reopenBitmapsRo(node: BlockNode, s: Qcow2State): Promise<void> {
  await storeDirtyBitmaps(node, s);
  for (const b of node.dirtyBitmaps ?? []) if (b.persistent) b.readonly = true;
}
