// Refcounts: look-up, increment/decrement over host ranges, first-fit cluster allocation, refcount block creation.

import { BlockError } from '../../block/errors.ts';
import { LIMITS } from './constants.ts';
import { hexAlt, signalCorruption } from './corruption.ts';
import { checkMetadataWrite } from './overlap.ts';
import { readEntry, reftable, writeEntry } from './entries.ts';
import { getRefcount, maxRefcount, setRefcount } from './refblock.ts';
import { growReftable } from './reftable-grow.ts';
import { reftableEntries, type Qcow2State } from './state.ts';

/** Offset of the refcount block covering host cluster `ci`, or 0 when there is none. */
export function refblockOffsetFor(s: Qcow2State, ci: number): number {
  const ti = Math.floor(ci / s.geo.refblockEntries);
  if (ti >= reftableEntries(s)) return 0;
  return reftable.blockOffset(readEntry(s.reftable, ti));
}

/** Refcount of host cluster `ci` (0 when no refcount block covers it); a misaligned block is corruption. */
export async function refcountOf(s: Qcow2State, ci: number): Promise<number> {
  const blockOffset = refblockOffsetFor(s, ci);
  if (!blockOffset) return 0;
  if (blockOffset % s.geo.clusterSize) {
    const ti = Math.floor(ci / s.geo.refblockEntries);
    throw await signalCorruption(s, `Refblock offset ${hexAlt(blockOffset)} unaligned (reftable index: ${hexAlt(ti)})`);
  }
  const block = s.refCache.peek(blockOffset) ?? (await s.refCache.get(blockOffset));
  return getRefcount(block, s.geo.refcountOrder, ci % s.geo.refblockEntries);
}

/** refcountOf() when it needs no I/O (no refcount block, or a cached aligned one), else undefined: loops await only on a miss. */
function cachedRefcountOf(s: Qcow2State, ci: number): number | undefined {
  const blockOffset = refblockOffsetFor(s, ci);
  if (!blockOffset) return 0;
  if (blockOffset % s.geo.clusterSize) return undefined;
  const block = s.refCache.peek(blockOffset);
  return block && getRefcount(block, s.geo.refcountOrder, ci % s.geo.refblockEntries);
}


/**
 * Make sure a refcount block covers host cluster `ci`, creating one (and growing the refcount
 * table) when needed. A new block goes to the first free cluster; when it falls in the range it
 * covers, it counts itself.
 */
export async function ensureRefblock(s: Qcow2State, ci: number): Promise<number> {
  await s.file.event('refblock_alloc');
  return refblockOffsetFor(s, ci) || createRefblock(s, ci);
}

/** The part of ensureRefblock() after its event, when no block covers `ci` yet. */
async function createRefblock(s: Qcow2State, ci: number): Promise<number> {
  const ti = Math.floor(ci / s.geo.refblockEntries);
  const newCi = await findFree(s, 1);
  const newOffset = newCi * s.geo.clusterSize;
  if (newOffset === 0) throw await signalCorruption(s, 'Preventing invalid allocation of refcount block at offset 0');
  await checkMetadataWrite(s, newOffset, s.geo.clusterSize, 'refcount block');
  if (Math.floor(newCi / s.geo.refblockEntries) === ti) {
    const block = await s.refCache.get(newOffset, true);
    setRefcount(block, s.geo.refcountOrder, newCi % s.geo.refblockEntries, 1);
    s.refCache.markDirty(newOffset, block);
  } else {
    await updateRefcounts(s, newOffset, s.geo.clusterSize, 1);
    const block = await s.refCache.get(newOffset, true);
    s.refCache.markDirty(newOffset, block);
  }
  await s.file.event('refblock_alloc_write');
  await s.refCache.flush();
  if (ti < reftableEntries(s)) {
    await s.file.event('refblock_alloc_hookup');
    // On disk first: if the write fails, the table in memory must not point at a block the file does not.
    const slot = new Uint8Array(8);
    writeEntry(slot, 0, reftable.make(newOffset));
    await s.file.write(s.header.refcountTableOffset + ti * 8, slot);
    writeEntry(s.reftable, ti, reftable.make(newOffset));
    return newOffset;
  }
  await growReftable(s, ci, newCi, ti);
  return newOffset;
}

/** Add `delta` to the refcount of every host cluster touched by [offset, offset+length); returns the host offsets that became free. */
export async function updateRefcounts(s: Qcow2State, offset: number, length: number, delta: number): Promise<number[]> {
  const freed: number[] = [];
  if (length <= 0) return freed;
  const cs = s.geo.clusterSize;
  const first = Math.floor(offset / cs);
  const last = Math.floor((offset + length - 1) / cs);
  const max = maxRefcount(s.geo.refcountOrder);
  for (let ci = first; ci <= last; ci++) {
    // ensureRefblock() inlined: one await per cluster when the block exists (the common case).
    if (delta > 0) await s.file.event('refblock_alloc');
    const blockOffset = refblockOffsetFor(s, ci) || (delta > 0 ? await createRefblock(s, ci) : 0);
    if (!blockOffset) throw BlockError.io('EINVAL');
    const block = s.refCache.peek(blockOffset) ?? (await s.refCache.get(blockOffset));
    const idx = ci % s.geo.refblockEntries;
    const now = getRefcount(block, s.geo.refcountOrder, idx) + delta;
    if (now < 0 || now > max) throw BlockError.io(now < 0 ? 'EINVAL' : 'ERANGE');
    setRefcount(block, s.geo.refcountOrder, idx, now);
    s.refCache.markDirty(blockOffset, block);
    if (now === 0) {
      await clusterFreed(s, ci);
      freed.push(ci * cs);
    }
  }
  return freed;
}

/** A cluster's refcount dropped to zero: let the allocator reuse it and drop any cached table there. */
async function clusterFreed(s: Qcow2State, ci: number): Promise<void> {
  const offset = ci * s.geo.clusterSize;
  if (ci < s.freeClusterIndex) s.freeClusterIndex = ci;
  s.l2Cache.discard(offset);
  s.refCache.discard(offset);
  if (s.freeByteOffset && Math.floor(s.freeByteOffset / s.geo.clusterSize) === ci) s.freeByteOffset = 0;
}

/** First run of `n` clusters with refcount 0 at or after the free cursor; advances the cursor past it. */
export async function findFree(s: Qcow2State, n: number): Promise<number> {
  for (;;) {
    const start = s.freeClusterIndex;
    let k = 0;
    while (k < n && (cachedRefcountOf(s, start + k) ?? (await refcountOf(s, start + k))) === 0) k++;
    if (k === n) {
      if ((start + n) * s.geo.clusterSize > LIMITS.maxHostOffset) throw BlockError.io('EFBIG');
      s.freeClusterIndex = start + n;
      return start;
    }
    s.freeClusterIndex = start + k + 1;
  }
}

/** Allocate `n` contiguous clusters (first fit) and return the host offset of the first. */
export async function allocClusters(s: Qcow2State, n: number): Promise<number> {
  await s.file.event('cluster_alloc');
  for (;;) {
    const start = await findFree(s, n);
    const offset = start * s.geo.clusterSize;
    await ensureRange(s, start, n);
    // Creating refcount blocks may have taken a cluster of the run; look again if so.
    let busy = false;
    for (let k = 0; k < n && !busy; k++) busy = (cachedRefcountOf(s, start + k) ?? (await refcountOf(s, start + k))) !== 0;
    if (busy) continue;
    await updateRefcounts(s, offset, n * s.geo.clusterSize, 1);
    return offset;
  }
}

/** Allocate as many of the `n` clusters starting at `offset` as are free, in order; returns how many. */
export async function allocClustersAt(s: Qcow2State, offset: number, n: number): Promise<number> {
  const start = offset / s.geo.clusterSize;
  if ((start + n) * s.geo.clusterSize > LIMITS.maxHostOffset) return 0;
  const countFree = async (limit: number): Promise<number> => {
    let k = 0;
    while (k < limit && (cachedRefcountOf(s, start + k) ?? (await refcountOf(s, start + k))) === 0) k++;
    return k;
  };
  const k = await countFree(n);
  if (k === 0) return 0;
  // As QEMU counts the run in order: the part already covered by refcount blocks is taken first,
  // so a block created for a later part goes to the first free cluster after it (often the
  // boundary itself), and the run ends where that block landed.
  const e = s.geo.refblockEntries;
  let ci = start;
  while (ci < start + k) {
    const segEnd = Math.min((Math.floor(ci / e) + 1) * e, start + k);
    if (!refblockOffsetFor(s, ci)) await ensureRefblock(s, ci);
    let free = 0;
    while (ci + free < segEnd && (cachedRefcountOf(s, ci + free) ?? (await refcountOf(s, ci + free))) === 0) free++;
    if (free > 0) await updateRefcounts(s, ci * s.geo.clusterSize, free * s.geo.clusterSize, 1);
    ci += free;
    if (ci < segEnd) break;
  }
  return ci - start;
}

async function ensureRange(s: Qcow2State, start: number, n: number): Promise<void> {
  const e = s.geo.refblockEntries;
  for (let ci = start; ci < start + n; ci = (Math.floor(ci / e) + 1) * e) await ensureRefblock(s, ci);
}

/** Drop one reference from every cluster touched by the range. */
export async function freeClusters(s: Qcow2State, offset: number, length: number): Promise<void> {
  await s.file.event('cluster_free');
  await updateRefcounts(s, offset, length, -1);
}

/**
 * Reserve `size` bytes (≤ one cluster) for compressed data, packing consecutive requests into
 * the same host cluster and spilling into the next one when it is adjacent.
 */
export async function allocBytes(s: Qcow2State, size: number): Promise<number> {
  const cs = s.geo.clusterSize;
  await s.file.event('cluster_alloc_bytes');
  let offset = s.freeByteOffset;
  if (offset && (await refcountOf(s, Math.floor(offset / cs))) >= maxRefcount(s.geo.refcountOrder)) offset = 0;
  const room = offset ? cs - (offset % cs) : 0;
  if (!offset || room < size) {
    const ci = await findFree(s, 1);
    await ensureRange(s, ci, 1);
    const fresh = ci * cs;
    if (!offset || Math.ceil(offset / cs) * cs !== fresh) offset = fresh;
  }
  await updateRefcounts(s, offset, size, 1);
  s.freeByteOffset = (offset + size) % cs === 0 ? 0 : offset + size;
  return offset;
}
