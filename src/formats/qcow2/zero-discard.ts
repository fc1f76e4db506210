// Guest discard and write-zeroes on whole clusters: L2 entries become zero or unallocated, references are dropped.

import { BlockError } from '../../block/errors.ts';
import { backingChild } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { l2, readEntry, writeEntry, type RawEntry } from './entries.ts';
import { lookupRun, writableL2 } from './cluster-map.ts';
import { compressedExtent } from './compress.ts';
import { dataFileIsRaw, hasDataFile } from './data-file.ts';
import { l1Index, l2Index } from './geometry.ts';
import { markDirty } from './meta.ts';
import { nodeBlockStatusAbove } from '../../block/block-status.ts';
import { BDRV_BLOCK } from '../../block/driver.ts';
import { passesDiscard, updateRefcounts, type DiscardKind } from './refcount.ts';
import { qcow2WriteData } from './write.ts';
import type { Qcow2State } from './state.ts';
import { discardSubclusterClusters, zeroSubclusters } from './subcluster-zero.ts';

/** Drop an entry's reference; with `passDown` the host range is discarded in the file once it is free. */
async function release(s: Qcow2State, e: RawEntry, passDown: boolean | DiscardKind): Promise<void> {
  const kind: DiscardKind = passDown === true ? 'always' : passDown === false ? 'never' : passDown;
  const t = l2.type(e, hasDataFile(s));
  let ext: { offset: number; bytes: number } | undefined;
  if ((t === 'normal' || t === 'zero-alloc') && s.dataFile) {
    // Data-file clusters have no refcount; the discard may still reach the data file.
    if (passesDiscard(s, kind)) await s.dataFile.discard(l2.offset(e), s.geo.clusterSize);
    return;
  }
  if (t === 'normal' || t === 'zero-alloc') ext = { offset: l2.offset(e), bytes: s.geo.clusterSize };
  else if (t === 'compressed') ext = compressedExtent(s, e);
  if (!ext) return;
  await s.file.event('cluster_free');
  try {
    await updateRefcounts(s, ext.offset, ext.bytes, -1, kind);
  } catch (e) {
    // As qcow2_free_clusters(): the failure is only reported (the cluster leaks); the discard goes on.
    if (!(e instanceof BlockError)) throw e;
    s.report(`qcow2_free_clusters failed: ${e.errnoText()}`);
  }
}

/**
 * Discard whole clusters in [offset, offset+bytes). Allocated clusters (and any cluster when a
 * backing file could show through) read as zeroes afterwards on v3; `full` makes them unallocated.
 */
export async function discardClusters(
  s: Qcow2State, offset: number, bytes: number, full: boolean, hasBacking = false, kind: DiscardKind = 'request',
): Promise<void> {
  const g = s.geo;
  if (g.extendedL2) return discardSubclusterClusters(s, offset, bytes, full, hasBacking, release);
  const end = offset + bytes;
  for (let off = offset; off < end; ) {
    const first = l2Index(g, off);
    const n = Math.min(Math.ceil((end - off) / g.clusterSize), g.l2Entries - first);
    // Every discard gets its L2 tables even where nothing is allocated, as QEMU's does (a shrink's
    // and an emptying's too: their tables are freed again or left empty).
    const lt = await writableL2(s, l1Index(g, off));
    for (let i = 0; i < n; i++) {
      const old = readEntry(lt.table, first + i);
      const t = l2.type(old, hasDataFile(s));
      // Only a cluster that was never described stays unallocated (without backing): QEMU keeps zero clusters zero.
      const zero = !full && s.header.version >= 3 && (hasBacking || t !== 'unallocated');
      const next: RawEntry = zero ? l2.make(0, false, true) : l2.unallocated();
      if (next.hi === old.hi && next.lo === old.lo) continue;
      writeEntry(lt.table, first + i, next);
      s.l2Cache.markDirty(lt.offset, lt.table);
      await release(s, old, kind === 'request' ? s.passDiscardRequest : kind);
    }
    off += n * g.clusterSize;
  }
}

/** Turn whole clusters into zero clusters, keeping their allocation unless `unmap` (compressed ones always go). */
export async function zeroClusters(s: Qcow2State, offset: number, bytes: number, unmap: boolean): Promise<void> {
  const g = s.geo;
  const end = offset + bytes;
  // A raw data file must read like the guest disk, so the zeroes are written there too.
  if (s.dataFile && dataFileIsRaw(s)) await s.dataFile.writeZeroes(offset, bytes, unmap);
  for (let off = offset; off < end; ) {
    const lt = await writableL2(s, l1Index(g, off));
    const first = l2Index(g, off);
    const n = Math.min(Math.ceil((end - off) / g.clusterSize), g.l2Entries - first);
    for (let i = 0; i < n; i++) {
      const old = readEntry(lt.table, first + i);
      const t = l2.type(old, hasDataFile(s));
      const drop = t === 'compressed' || (unmap && (t === 'normal' || t === 'zero-alloc'));
      const next: RawEntry = drop || t === 'unallocated' || t === 'zero-plain'
        ? l2.make(0, false, true)
        : { hi: old.hi, lo: (old.lo | 1) >>> 0 };
      if (next.hi === old.hi && next.lo === old.lo) continue;
      writeEntry(lt.table, first + i, next);
      s.l2Cache.markDirty(lt.offset, lt.table);
      if (drop) await release(s, old, s.passDiscardRequest);
    }
    off += n * g.clusterSize;
  }
}

/** QEMU's is_zero(): block status (never the data) says guest [a, b) reads as zeroes, extent by extent. */
async function statusSaysZero(node: BlockNode<Qcow2State>, a: number, b: number): Promise<boolean> {
  const backing = backingChild(node);
  for (let pos = a; pos < b; ) {
    const run = await lookupRun(node.state, pos, b - pos);
    const end = pos + run.bytes;
    if (run.type === 'normal' || run.type === 'compressed') return false;
    for (let q = pos; backing && q < end && (run.type === 'unallocated' || run.type === 'unallocated-alloc'); ) {
      const r = await nodeBlockStatusAbove(backing, null, true, true, q, end - q);
      // Past the backing file's end the guest reads zeroes.
      if (r.pnum === 0) break;
      if (!(r.status & BDRV_BLOCK.ZERO)) return false;
      q += r.pnum;
    }
    pos = end;
  }
  return true;
}

/**
 * Whether the partial write-zeroes [start, stop) may zero its whole unit [from, to), as
 * qcow2_co_pwrite_zeroes decides: the rest of the unit reads as zeroes by block status, and the
 * unit itself holds no data (unallocated or already zero).
 */
async function mayZeroWhole(node: BlockNode<Qcow2State>, from: number, start: number, stop: number, to: number): Promise<boolean> {
  if (!(await statusSaysZero(node, from, start)) || !(await statusSaysZero(node, stop, to))) return false;
  const run = await lookupRun(node.state, from, to - from);
  return run.type !== 'normal' && run.type !== 'compressed';
}

/**
 * qcow2's write-zeroes, piece by piece as the generic layer splits it at cluster boundaries
 * (subclusters with extended L2 entries): whole units become zero (v2: a discard, only without
 * backing file); a partial unit is zeroed whole when all of it already reads as zeroes, else gets
 * explicit zero data (ENOTSUP instead when `noFallback`).
 */
export async function qcow2WriteZeroes(node: BlockNode<Qcow2State>, offset: number, bytes: number, unmap: boolean, noFallback = false): Promise<void> {
  const s = node.state;
  if (s.header.version < 3 && backingChild(node)) throw BlockError.io('ENOTSUP');
  // The unit that can be marked zero: a cluster, or a subcluster with extended L2 entries.
  const cs = s.geo.subclusterSize;
  const size = s.header.size;
  await markDirty(s);
  const end = offset + bytes;
  for (let pos = offset; pos < end; ) {
    if (pos % cs === 0) {
      const alignedEnd = end === size ? end : end - (end % cs);
      if (alignedEnd > pos) {
        await zeroRange(node, pos, alignedEnd - pos, unmap);
        pos = alignedEnd;
        continue;
      }
    }
    const from = pos - (pos % cs);
    const stop = Math.min(end, from + cs);
    const to = Math.min(from + cs, size);
    if (await mayZeroWhole(node, from, pos, Math.min(stop, to), to)) await zeroRange(node, from, to - from, unmap);
    // The explicit zeroes are the generic layer's fallback, which BDRV_REQ_NO_FALLBACK forbids.
    else if (noFallback) throw BlockError.io('ENOTSUP');
    else await qcow2WriteData(node, pos, new Uint8Array(stop - pos));
    pos = stop;
  }
}

async function zeroRange(node: BlockNode<Qcow2State>, offset: number, bytes: number, unmap: boolean): Promise<void> {
  const s = node.state;
  if (s.geo.extendedL2) {
    if (s.dataFile && dataFileIsRaw(s)) await s.dataFile.writeZeroes(offset, bytes, unmap);
    // A partly covered compressed cluster: the generic layer writes the whole piece as explicit zeroes.
    if (!(await zeroSubclusters(s, offset, bytes, unmap, release))) throw BlockError.io('ENOTSUP');
  } else if (s.header.version < 3) await discardClusters(s, offset, bytes, false);
  else await zeroClusters(s, offset, bytes, unmap);
}

/** Guest discard: only whole clusters (and the partial last cluster of the image) are dropped. */
export async function qcow2Discard(node: BlockNode<Qcow2State>, offset: number, bytes: number): Promise<void> {
  const s = node.state;
  const cs = s.geo.clusterSize;
  const start = Math.ceil(offset / cs) * cs;
  let end = offset + bytes;
  if (end !== s.header.size) end -= end % cs;
  if (end <= start) return;
  // v2 cannot express "reads as zeroes" over a backing file, so QEMU leaves such images alone.
  if (s.header.version < 3 && backingChild(node)) return;
  await markDirty(s);
  await discardClusters(s, start, end - start, false, Boolean(backingChild(node)));
}
