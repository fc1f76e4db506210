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
import { checkMetadataWrite } from './overlap.ts';
import type { Qcow2State } from './state.ts';

/** Where a stored bitmap table lives. */
interface TableRef {
  offset: number;
  size: number;
}

const clustersFor = (s: Qcow2State, bytes: number): number => Math.ceil(bytes / s.geo.clusterSize);

/** A failed step of storing, with the message QEMU gives it ("<what>: <strerror>"). */
async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BlockError) throw BlockError.withErrno(e.errno, what);
    throw e;
  }
}

/** Write new bitmap metadata where it cannot hit other metadata (the image is marked corrupt if it would). */
async function writeChecked(s: Qcow2State, offset: number, data: Uint8Array, writeFailed: string): Promise<void> {
  await step('Qcow2 overlap check failed', () => checkMetadataWrite(s, offset, data.length, ''));
  await step(writeFailed, () => s.file.write(offset, data));
}

/** store_bitmap(): write the bitmap's non-zero clusters, then its table; point `e` at the table. */
async function storeBitmap(s: Qcow2State, e: DirEntry, b: DirtyBitmap): Promise<void> {
  const offsets: number[] = [];
  const allocFailed = `Failed to allocate clusters for bitmap '${b.name}'`;
  const writeFailed = `Failed to write bitmap '${b.name}' to file`;
  try {
    for (const cluster of dataClusters(b.bits, s.geo.clusterSize)) {
      if (!cluster) {
        offsets.push(0);
        continue;
      }
      const off = await step(allocFailed, () => allocClusters(s, 1));
      offsets.push(off);
      await writeChecked(s, off, cluster, writeFailed);
    }
    const table = encodeBitmapTable(offsets);
    const at = await step(allocFailed, () => allocClusters(s, clustersFor(s, table.length)));
    try {
      await writeChecked(s, at, table, writeFailed);
    } catch (err) {
      await freeQuietly(s, at, table.length);
      throw err;
    }
    e.tableOffset = at;
    e.tableSize = offsets.length;
  } catch (err) {
    // The data clusters written so far are given back (clear_bitmap_table).
    for (const off of offsets) if (off) await freeQuietly(s, off, s.geo.clusterSize);
    throw err;
  }
}

/** qcow2_free_clusters(): a failure is only reported (the clusters leak), never passed up. */
async function freeQuietly(s: Qcow2State, offset: number, bytes: number): Promise<void> {
  try {
    await freeClusters(s, offset, bytes);
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    s.report(`qcow2_free_clusters failed: ${e.errnoText()}`);
  }
}

/** free_bitmap_clusters(): drop a table and its data clusters; a table with malformed entries is leaked, as in QEMU. */
async function freeTable(s: Qcow2State, t: TableRef): Promise<void> {
  if (!t.offset || !t.size) return;
  const buf = await s.file.read(t.offset, t.size * 8);
  const data = dataOffsets(buf);
  if (data.some((d) => !tableEntryValid(d.raw, s.geo.clusterSize))) return;
  for (const d of data.filter((x) => x.offset)) {
    // Data clusters are freed with QCOW2_DISCARD_ALWAYS: the host file drops them too.
    await freeQuietly(s, d.offset, s.geo.clusterSize);
    await s.file.discard(d.offset, s.geo.clusterSize);
  }
  await freeQuietly(s, t.offset, t.size * 8);
}

/**
 * update_ext_header_and_dir(): write `entries` as a new directory (none when empty), point the
 * header extension at it (the autoclear bit says the extension is valid), then free the old one.
 */
async function replaceDirectory(s: Qcow2State, entries: readonly DirEntry[]): Promise<void> {
  const old = bitmapsExt(s);
  let ext: Uint8Array | undefined;
  if (entries.length) {
    const dir = encodeDirectory(entries);
    const at = await allocClusters(s, clustersFor(s, dir.length));
    try {
      // Checked against the directory still in force.
      await checkMetadataWrite(s, at, dir.length, '');
      await s.file.write(at, dir);
    } catch (err) {
      await freeQuietly(s, at, dir.length);
      throw err;
    }
    ext = encodeBitmapsExt({ nbBitmaps: entries.length, reserved: 0, directorySize: dir.length, directoryOffset: at });
  }
  s.ext.opaque = s.ext.opaque.filter((o) => o.type !== EXT_BITMAPS);
  s.staleBitmaps = false;
  if (ext) {
    s.ext.opaque.push({ type: EXT_BITMAPS, data: ext });
    s.header.autoclearFeatures |= BigInt(AUTOCLEAR_BITMAPS);
  } else {
    s.header.autoclearFeatures &= ~BigInt(AUTOCLEAR_BITMAPS);
  }
  await s.refCache.flush();
  await s.l2Cache.flush();
  await writeHeader(s);
  await s.file.flush();
  if (old && old.directorySize) await freeQuietly(s, old.directoryOffset, old.directorySize);
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
  for (const p of pending) {
    p.e.tableOffset = 0;
    p.e.tableSize = 0;
  }
  try {
    // Tables are written in directory order.
    for (const e of entries) {
      const p = pending.find((x) => x.e === e);
      if (p) await storeBitmap(s, e, p.b);
    }
    await step('Failed to update bitmap extension', () => replaceDirectory(s, entries));
  } catch (err) {
    // What was written for this store is given back; the old directory and tables stay.
    for (const p of pending) await freeTable(s, { offset: p.e.tableOffset, size: p.e.tableSize });
    throw err;
  }
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
