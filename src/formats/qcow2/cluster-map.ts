// Guest → host mapping: L1/L2 look-up of runs of clusters, and L2 tables made writable (allocated or copied) for writes.

import { l1, l2, readEntry, writeEntry, type ClusterType, type RawEntry } from './entries.ts';
import { hexAlt, signalCorruption } from './corruption.ts';
import { hasDataFile } from './data-file.ts';
import { lookupSubclusterRun } from './subcluster-map.ts';
import { checkMetadataWrite } from './overlap.ts';
import { bytesPerL2, l1Index, l2Index } from './geometry.ts';
import { allocClusters, freeClusters } from './refcount.ts';
import { flushCaches, l1Entries, type Qcow2State } from './state.ts';

/** A run of guest bytes whose clusters share a type (and, for 'normal', contiguous host offsets). */
export interface ClusterRun {
  /** 'unallocated-alloc' only with extended L2 entries: a mapped cluster's subcluster that reads from the backing file. */
  type: ClusterType | 'unallocated-alloc';
  /** Bytes from the requested offset that the run covers (never crosses an L2 table). */
  bytes: number;
  /** For 'normal', 'zero-alloc' and 'unallocated-alloc': host offset of the requested guest byte. */
  hostOffset: number;
  /** The first cluster's L2 entry (compressed runs are one cluster long). */
  entry: RawEntry;
}

/** An L2 table in the cache: its host offset and buffer. */
export interface L2Table {
  offset: number;
  table: Uint8Array;
}

/** The L2 table for `l1i`, or null when unallocated; corrupt L1 entries are reported. */
export async function loadL2(s: Qcow2State, l1i: number): Promise<{ offset: number; table: Uint8Array } | null> {
  if (l1i >= l1Entries(s)) return null;
  const offset = l1.l2Offset(readEntry(s.l1, l1i));
  if (!offset) return null;
  if (offset % s.geo.clusterSize) {
    throw await signalCorruption(s, `L2 table offset ${hexAlt(offset)} unaligned (L1 index: ${hexAlt(l1i)})`);
  }
  return { offset, table: await s.l2Cache.get(offset) };
}

/** Look up the run starting at guest `offset`, at most `bytes` long. */
export async function lookupRun(s: Qcow2State, offset: number, bytes: number): Promise<ClusterRun> {
  const g = s.geo;
  const inCluster = offset % g.clusterSize;
  const l2Left = bytesPerL2(g) - (offset % bytesPerL2(g));
  bytes = Math.min(bytes, l2Left);
  const lt = await loadL2(s, l1Index(g, offset));
  if (!lt) return { type: 'unallocated', bytes, hostOffset: 0, entry: l2.unallocated() };
  if (g.extendedL2) return lookupSubclusterRun(s, lt, offset, bytes);
  const first = l2Index(g, offset);
  const entry = readEntry(lt.table, first);
  const type = l2.type(entry, hasDataFile(s));
  await checkEntry(s, entry, type, lt.offset, first);
  const clusters = Math.ceil((inCluster + bytes) / g.clusterSize);
  let n = 1;
  if (type !== 'compressed') {
    const base = l2.offset(entry);
    while (n < clusters) {
      const e = readEntry(lt.table, first + n);
      const t = l2.type(e, hasDataFile(s));
      if (t !== type) break;
      if ((type === 'normal' || type === 'zero-alloc') && l2.offset(e) !== base + n * g.clusterSize) break;
      if (type === 'normal' || type === 'zero-alloc') await checkEntry(s, e, t, lt.offset, first + n);
      n++;
    }
  }
  const runBytes = Math.min(bytes, n * g.clusterSize - inCluster);
  const hostOffset = type === 'normal' || type === 'zero-alloc' ? l2.offset(entry) + inCluster : 0;
  return { type, bytes: runBytes, hostOffset, entry };
}

async function checkEntry(s: Qcow2State, e: RawEntry, type: ClusterType, l2Offset: number, idx: number): Promise<void> {
  if ((type === 'normal' || type === 'zero-alloc') && l2.offset(e) % s.geo.clusterSize) {
    throw await signalCorruption(
      s,
      `Cluster allocation offset ${hexAlt(l2.offset(e))} unaligned (L2 offset: ${hexAlt(l2Offset)}, L2 index: ${hexAlt(idx)})`,
    );
  }
  if ((type === 'zero-plain' || type === 'zero-alloc') && s.header.version < 3) {
    throw await signalCorruption(
      s,
      `Zero cluster entry found in pre-v3 image (L2 offset: ${hexAlt(l2Offset)}, L2 index: ${hexAlt(idx)})`,
    );
  }
}

/** Write one L1 entry to memory and disk. */
export async function setL1Entry(s: Qcow2State, l1i: number, entry: RawEntry): Promise<void> {
  writeEntry(s.l1, l1i, entry);
  // Checked with the new entry in place: an L1 table that is also some L2 table is corrupt.
  await checkMetadataWrite(s, s.header.l1TableOffset + l1i * 8, 8, 'active L1 table');
  await s.file.event('l1_update');
  await s.file.write(s.header.l1TableOffset + l1i * 8, s.l1.slice(l1i * 8, l1i * 8 + 8));
}

/**
 * The L2 table for `l1i`, ready to be modified: an L2 table without COPIED (shared, or from an
 * old image) is copied to a new cluster first; a missing one is allocated zeroed. Grows no L1.
 */
export function writableL2(s: Qcow2State, l1i: number): L2Table | Promise<L2Table> {
  // The common case answers at once: a table of ours (COPIED), aligned and cached.
  const e = readEntry(s.l1, l1i);
  const at = l1.l2Offset(e);
  if (at && l1.copied(e) && at % s.geo.clusterSize === 0) {
    const table = s.l2Cache.peek(at);
    if (table) return { offset: at, table };
  }
  return makeWritableL2(s, l1i);
}

async function makeWritableL2(s: Qcow2State, l1i: number): Promise<L2Table> {
  const old = readEntry(s.l1, l1i);
  const oldOffset = l1.l2Offset(old);
  if (oldOffset && l1.copied(old)) {
    const lt = await loadL2(s, l1i);
    if (lt) return lt;
  }
  // Only copying an existing table reads it (a fresh table is zeroed without an event).
  if (oldOffset) await s.file.event('l2_alloc_cow_read');
  const oldTable = oldOffset ? (await loadL2(s, l1i))?.table.slice() : undefined;
  const offset = await allocClusters(s, 1);
  if (offset === 0) throw await signalCorruption(s, 'Preventing invalid allocation of L2 table at offset 0');
  await checkMetadataWrite(s, offset, s.geo.clusterSize, 'active L2 table');
  const table = await s.l2Cache.get(offset, true);
  try {
    if (oldTable) table.set(oldTable);
    s.l2Cache.markDirty(offset, table);
    await s.file.event('l2_alloc_write');
    await flushCaches(s);
    await setL1Entry(s, l1i, l1.make(offset, true));
  } catch (e) {
    // As l2_allocate() failing: the L1 entry keeps the old table and the new cluster is freed.
    writeEntry(s.l1, l1i, old);
    s.l2Cache.discard(offset);
    await freeClusters(s, offset, s.geo.clusterSize);
    throw e;
  }
  if (oldOffset) await freeClusters(s, oldOffset, s.geo.clusterSize);
  return { offset, table };
}

/**
 * The writable L2 table for `l1i` again after the lock was given up: `lt` when it is still the
 * table the L1 entry points at and still cached as that buffer, else looked up anew.
 */
export function currentL2(s: Qcow2State, l1i: number, lt: L2Table): L2Table | Promise<L2Table> {
  const e = readEntry(s.l1, l1i);
  if (l1.l2Offset(e) === lt.offset && l1.copied(e) && s.l2Cache.holds(lt.offset, lt.table)) return lt;
  return writableL2(s, l1i);
}
