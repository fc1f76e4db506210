// Refcounts: look-up, increment/decrement over host ranges, first-fit cluster allocation, refcount block creation.

import { BlockError } from '../../block/errors.ts';
import { LIMITS } from './constants.ts';
import { hexAlt, signalCorruption } from './corruption.ts';
import { checkMetadataWrite } from './overlap.ts';
import { readEntry, reftable, writeEntry } from './entries.ts';
import { getRefcount, maxRefcount, setRefcount } from './refblock.ts';
import { isDirty } from './meta.ts';
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

/**
 * How many of the `n` host clusters from `start` are free (refcount 0) before the first used one.
 * Walks a refcount block at a time: clusters no block covers are free, a block not cached is
 * loaded (a misaligned one is corruption, as refcountOf() says).
 */
function freeRun(s: Qcow2State, start: number, n: number, from = 0): number | Promise<number> {
  const per = s.geo.refblockEntries;
  let k = from;
  while (k < n) {
    const ci = start + k;
    const inBlock = Math.min(n - k, per - (ci % per));
    const blockOffset = refblockOffsetFor(s, ci);
    if (!blockOffset) {
      k += inBlock;
      continue;
    }
    // Cached blocks are walked without a promise; the rest goes on once the block is read.
    const block = blockOffset % s.geo.clusterSize ? undefined : s.refCache.peek(blockOffset);
    if (!block) return freeRunLoading(s, start, n, k, blockOffset);
    const first = ci % per;
    let j = 0;
    while (j < inBlock && getRefcount(block, s.geo.refcountOrder, first + j) === 0) j++;
    k += j;
    if (j < inBlock) return k;
  }
  return k;
}

/** freeRun() at cluster `k` of the run, whose refcount block (at `blockOffset`) is not cached or misaligned. */
async function freeRunLoading(s: Qcow2State, start: number, n: number, k: number, blockOffset: number): Promise<number> {
  const ci = start + k;
  if (blockOffset % s.geo.clusterSize) {
    if ((await refcountOf(s, ci)) !== 0) return k;
    return freeRun(s, start, n, k + 1);
  }
  await s.refCache.get(blockOffset);
  return freeRun(s, start, n, k);
}

/** A new refcount block was hooked up during an update: the caller must look for free clusters again (QEMU's -EAGAIN). */
class RefblockAdded extends Error {}

/**
 * The refcount block covering host cluster `ci` for an update (QEMU raises refblock_alloc for
 * each block an update visits, and refblock_load when the block exists). A missing block is
 * created at the first free cluster (growing the refcount table if needed); then RefblockAdded
 * is thrown, since the block may have taken a cluster the caller meant to count.
 */
function refblockForUpdate(s: Qcow2State, ci: number): number | Promise<number> {
  // Without blkdebug listening, an existing block is answered without a promise.
  const event = s.file.event('refblock_alloc');
  return event ? event.then(() => refblockAfterAlloc(s, ci)) : refblockAfterAlloc(s, ci);
}

function refblockAfterAlloc(s: Qcow2State, ci: number): number | Promise<number> {
  const ti = updateTableIndex(s, ci);
  const existing = ti < reftableEntries(s) ? reftable.blockOffset(readEntry(s.reftable, ti)) : 0;
  if (existing) {
    const event = s.file.event('refblock_load');
    return event ? event.then(() => existing) : existing;
  }
  return createRefblock(s, ci).then(() => {
    throw new RefblockAdded();
  });
}

/**
 * The refcount table index an update or allocation uses for host cluster `ci`: QEMU's
 * alloc_refcount_block() holds it in 32 bits, so for clusters whose index does not fit (host
 * offsets from 2^55 on with 4 KiB clusters, only ever found in corrupt entries) the count lands
 * in the block of the index taken modulo 2^32.
 */
function updateTableIndex(s: Qcow2State, ci: number): number {
  return Math.floor(ci / s.geo.refblockEntries) % 2 ** 32;
}

/** Create (and hook up) the refcount block covering host cluster `ci`; returns its offset. */
async function createRefblock(s: Qcow2State, ci: number): Promise<number> {
  const ti = updateTableIndex(s, ci);
  const newCi = await findFree(s, 1);
  const newOffset = newCi * s.geo.clusterSize;
  if (newOffset === 0) throw await signalCorruption(s, 'Preventing invalid allocation of refcount block at offset 0');
  await checkMetadataWrite(s, newOffset, s.geo.clusterSize, 'refcount block');
  if (Math.floor(newCi / s.geo.refblockEntries) === Math.floor(ci / s.geo.refblockEntries)) {
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
    s.refblockScan = undefined;
    return newOffset;
  }
  await growReftable(s, ci, newCi, ti);
  // QEMU loads the new block once more after switching tables (through the cache, so it counts as a use).
  await s.file.event('refblock_load');
  await s.refCache.get(newOffset);
  return newOffset;
}

/** Make sure a refcount block covers host cluster `ci` (for repairs); returns its offset. */
export async function ensureRefblock(s: Qcow2State, ci: number): Promise<number> {
  return refblockOffsetFor(s, ci) || createRefblock(s, ci);
}

/**
 * One update pass over [offset, offset+length): throws RefblockAdded (after undoing its changes
 * so far, as QEMU does) when it had to create a refcount block.
 */
async function tryUpdate(s: Qcow2State, offset: number, length: number, delta: number, freed: number[]): Promise<void> {
  if (length <= 0) return;
  // Before a freed cluster's count reaches the disk, no L2 table there may still point at it.
  if (delta < 0) {
    // QEMU ignores a failure of the flush this may need: the error comes back at the next flush.
    await s.refCache.setDependency(s.l2Cache)?.catch((e: unknown) => {
      if (!(e instanceof BlockError)) throw e;
    });
  }
  const cs = s.geo.clusterSize;
  const first = Math.floor(offset / cs);
  // Not (offset + length - 1) / cs: past 2^53 (corrupt compressed entries) that sum would round up.
  const last = first + Math.floor(((offset % cs) + length - 1) / cs);
  const max = maxRefcount(s.geo.refcountOrder);
  let blockOffset = 0;
  let blockTi = -1;
  // The block's buffer, fetched again only after this pass awaited something (the cache may have changed).
  let block: Uint8Array | undefined;
  for (let ci = first; ci <= last; ci++) {
    const ti = Math.floor(ci / s.geo.refblockEntries);
    if (ti !== blockTi) {
      block = undefined;
      try {
        // A missing block is created, for decrements too (which then fail, see updateRefcounts).
        const found = refblockForUpdate(s, ci);
        blockOffset = typeof found === 'number' ? found : await found;
      } catch (e) {
        if (e instanceof RefblockAdded) {
          // The caller looks for free clusters again: the same ones first, as they may still be free.
          if (s.freeClusterIndex > first) s.freeClusterIndex = first;
          await tryUpdate(s, offset, (ci - first) * cs - (offset % cs), -delta, []);
        }
        throw e;
      }
      blockTi = ti;
    }
    block ??= s.refCache.peek(blockOffset) ?? (await s.refCache.get(blockOffset));
    const idx = ci % s.geo.refblockEntries;
    // Dirty before the range check, as in QEMU: a refused update still writes the block back at the next flush.
    s.refCache.markDirty(blockOffset, block);
    const now = getRefcount(block, s.geo.refcountOrder, idx) + delta;
    if (now < 0 || now > max) throw BlockError.io('EINVAL'); // QEMU's update_refcount() says EINVAL for both
    setRefcount(block, s.geo.refcountOrder, idx, now);
    if (now === 0) {
      block = undefined;
      await clusterFreed(s, ci);
      freed.push(ci * cs);
    }
  }
}


/**
 * Why clusters are freed, as QEMU's pass-discard-* options name it: a cluster whose refcount drops
 * to zero is discarded in the file when its kind passes ('always' does, 'never' does not).
 */
export type DiscardKind = 'never' | 'always' | 'request' | 'snapshot' | 'other';

export function passesDiscard(s: Qcow2State, kind: DiscardKind): boolean {
  if (kind === 'always') return true;
  if (kind === 'request') return s.passDiscardRequest;
  if (kind === 'snapshot') return s.passDiscardSnapshot;
  if (kind === 'other') return s.passDiscardOther;
  return false;
}

/**
 * Add `delta` to the refcount of every host cluster touched by [offset, offset+length); returns
 * the host offsets that became free (each discarded in the file when `kind` passes). A cluster
 * no refcount block covers gets one; then only a `retry` caller (allocations) goes on, others
 * fail with EAGAIN.
 */
export async function updateRefcounts(
  s: Qcow2State, offset: number, length: number, delta: number, kind: DiscardKind = 'never', retry = delta > 0,
): Promise<number[]> {
  for (;;) {
    const freed: number[] = [];
    try {
      await tryUpdate(s, offset, length, delta, freed);
      if (delta < 0 && passesDiscard(s, kind)) {
        if (s.discardQueue) s.discardQueue.push(...freed);
        else for (const off of freed) await s.file.discard(off, s.geo.clusterSize);
      }
      return freed;
    } catch (e) {
      if (!(e instanceof RefblockAdded)) throw e;
      // Allocations retry with the new block; everything else stops there, the block created
      // (QEMU's update_refcount() passes alloc_refcount_block()'s EAGAIN on to such callers).
      if (!retry) throw BlockError.io('EAGAIN');
    }
  }
}

/** A cluster's refcount dropped to zero: let the allocator reuse it and drop any cached table there. */
async function clusterFreed(s: Qcow2State, ci: number): Promise<void> {
  const offset = ci * s.geo.clusterSize;
  if (ci < s.freeClusterIndex) s.freeClusterIndex = ci;
  s.l2Cache.discard(offset);
  s.refCache.discard(offset);
  if (s.freeByteOffset && Math.floor(s.freeByteOffset / s.geo.clusterSize) === ci) s.freeByteClusterFreed = true;
}

/** First run of `n` clusters with refcount 0 at or after the free cursor; advances the cursor past it. */
export async function findFree(s: Qcow2State, n: number): Promise<number> {
  for (;;) {
    const start = s.freeClusterIndex;
    const run = freeRun(s, start, n);
    const k = typeof run === 'number' ? run : await run;
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
  const event = s.file.event('cluster_alloc');
  if (event) await event;
  for (;;) {
    const start = await findFree(s, n);
    const offset = start * s.geo.clusterSize;
    // A refcount block created on the way may have taken a cluster of the run: look again then.
    if (await updated(s, offset, n * s.geo.clusterSize)) return offset;
  }
}

/** One increment pass; false when a new refcount block means the caller must start over. */
async function updated(s: Qcow2State, offset: number, length: number): Promise<boolean> {
  try {
    await tryUpdate(s, offset, length, 1, []);
    return true;
  } catch (e) {
    if (e instanceof RefblockAdded) return false;
    throw e;
  }
}

/** Allocate as many of the `n` clusters starting at `offset` as are free, in order; returns how many. */
export async function allocClustersAt(s: Qcow2State, offset: number, n: number): Promise<number> {
  const start = offset / s.geo.clusterSize;
  if ((start + n) * s.geo.clusterSize > LIMITS.maxHostOffset) return 0;
  for (;;) {
    const run = freeRun(s, start, n);
    const k = typeof run === 'number' ? run : await run;
    if (k === 0) return 0;
    if (await updated(s, offset, k * s.geo.clusterSize)) return k;
  }
}

/**
 * New clusters were linked into L2 tables: unless refcounts may lag (a dirty image), those tables
 * reach the disk only after the refcount blocks that count the clusters (QEMU's link_l2).
 */
export function linkDependency(s: Qcow2State): Promise<void> | undefined {
  return isDirty(s) ? undefined : s.l2Cache.setDependency(s.refCache);
}

/** Drop one reference from every cluster touched by the range; freed clusters are discarded as `kind` says. */
export async function freeClusters(s: Qcow2State, offset: number, length: number, kind: DiscardKind = 'other'): Promise<void> {
  await s.file.event('cluster_free');
  try {
    await updateRefcounts(s, offset, length, -1, kind);
  } catch (e) {
    // qcow2_free_clusters() cannot fail: it says why and the operation goes on (a leak at worst).
    if (!(e instanceof BlockError)) throw e;
    s.report(`qcow2_free_clusters failed: ${e.errnoText()}`);
  }
}

/**
 * Reserve `size` bytes (≤ one cluster) for compressed data, packing consecutive requests into
 * the same host cluster and spilling into the next one when it is adjacent.
 */
export async function allocBytes(s: Qcow2State, size: number): Promise<number> {
  const cs = s.geo.clusterSize;
  await s.file.event('cluster_alloc_bytes');
  let offset = s.freeByteOffset;
  if (offset) {
    // QEMU packs on after the cluster was freed (its refcount goes from 0 to 1 again). Where the
    // cluster was allocated anew meanwhile, packing would share it with its new user (QEMU 7.2
    // corrupts its image so): we start a new cluster instead.
    const refcount = await refcountOf(s, Math.floor(offset / cs));
    if (refcount >= maxRefcount(s.geo.refcountOrder) || (s.freeByteClusterFreed && refcount > 0)) offset = 0;
  }
  for (;;) {
    const room = offset ? cs - (offset % cs) : 0;
    if (!offset || room < size) {
      const fresh = (await findFree(s, 1)) * cs;
      if (!offset || Math.ceil(offset / cs) * cs !== fresh) offset = fresh;
    }
    if (await updated(s, offset, size)) break;
    // A new refcount block: start again from a fresh cluster.
    offset = 0;
  }
  s.freeByteOffset = (offset + size) % cs === 0 ? 0 : offset + size;
  s.freeByteClusterFreed = false;
  return offset;
}
