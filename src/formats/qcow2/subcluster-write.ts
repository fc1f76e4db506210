// Guest writes on images with extended L2 entries: only the touched subclusters become allocated, copy-on-write stays inside them.

import type { BlockNode } from '../../block/node.ts';
import { l2, type RawEntry } from './entries.ts';
import { dataHost, hasDataFile } from './data-file.ts';
import { checkDataWrite } from './overlap.ts';
import { readCowEdges } from './cow-read.ts';
import { freeClusters, linkDependency } from './refcount.ts';
import { dataPhase, type Qcow2State } from './state.ts';
import { beginAlloc, endAlloc } from './inflight.ts';
import { l1Index } from './geometry.ts';
import {
  bitLength32, ctz32, getBitmap, getL2, hasHostCluster, rangeMask, setBitmap, setL2, subclusterType,
} from './subclusters.ts';
import { allocateForWrite, releaseEntry } from './write.ts';
import { inDisk, zeroAllocated } from './cow-write.ts';
import { currentL2, lookupRun } from './cluster-map.ts';
import { backingChild } from '../../block/io.ts';
import { nodeBlockStatusAbove } from '../../block/block-status.ts';
import { BDRV_BLOCK } from '../../block/driver.ts';

type Table = { offset: number; table: Uint8Array };

/** A cluster we may overwrite in place: it has a host cluster and holds its only reference. */
function inPlace(s: Qcow2State, e: RawEntry): boolean {
  return hasHostCluster(e, hasDataFile(s)) && l2.copied(e);
}

/**
 * Write `data` at guest `off` into the clusters from L2 index `first` (at most `wanted` of them):
 * in place while clusters are ours alone, else into newly allocated clusters (contiguous with
 * `nextHost` when possible). Returns the bytes taken and where the next allocation should follow.
 */
export async function writeSubclusters(
  node: BlockNode<Qcow2State>, lt: Table, first: number, wanted: number, off: number, data: Uint8Array, nextHost: number, park: boolean,
): Promise<{ written: number; hostEnd: number }> {
  const s = node.state;
  const g = s.geo;
  const cs = g.clusterSize;
  const keep = inPlace(s, getL2(g, lt.table, first));
  const base = keep ? l2.offset(getL2(g, lt.table, first)) : -1;
  let n = 1;
  while (n < wanted) {
    const e = getL2(g, lt.table, first + n);
    if (inPlace(s, e) !== keep || (keep && l2.offset(e) !== base + n * cs)) break;
    n++;
  }
  const inCluster = off % cs;
  let host = base;
  if (!keep) ({ host, n } = await allocateForWrite(s, off, n, nextHost));
  const bytes = Math.min(data.length, n * cs - inCluster);
  const last = Math.floor((inCluster + bytes - 1) / cs);
  const from = cowStart(s, lt, first, inCluster, keep);
  const to = cowEnd(s, lt, first + last, inCluster + bytes - last * cs, keep) + last * cs;
  const guestStart = off - inCluster;
  // Subclusters of clusters we keep that are allocated already and fully written need no linking.
  const links = !keep || from < inCluster || to > inCluster + bytes || !allAllocated(s, lt, first, last, inCluster, inCluster + bytes - last * cs);
  const cow = keep ? { start: guestStart + from, end: guestStart + to } : undefined;
  const inflight = links ? beginAlloc(s, guestStart, guestStart + n * cs, cow) : undefined;
  try {
    try {
      const zero = await zeroCow(node, guestStart + from, off, off + bytes, guestStart + to);
      // The data (and its COW edges) go out without the lock; other requests may allocate meanwhile.
      await dataPhase(s, async () => {
        if (zero && (await zeroAllocated(s, host + from, to - from))) {
          await s.file.event('write_aio');
          await dataHost(s).write(host + inCluster, data.subarray(0, bytes));
          return;
        }
        const buf = new Uint8Array(to - from);
        const tail = to - inCluster - bytes;
        const edges = await readCowEdges(node, guestStart + from, inCluster - from, bytes, tail);
        buf.set(edges.head, 0);
        buf.set(edges.tail, buf.length - tail);
        buf.set(data.subarray(0, bytes), inCluster - from);
        if (!s.dataFile) await checkDataWrite(s, host + from, buf.length);
        if (from < inCluster || tail > 0) await s.file.event('cow_write');
        await s.file.event('write_aio');
        await dataHost(s).write(host + from, buf);
      }, park && bytes === data.length);
    } catch (e) {
      if (!keep && !hasDataFile(s)) await freeClusters(s, host, n * cs);
      throw e;
    }
    // The lock was given up: the table may have been written back and evicted meanwhile.
    const now = await currentL2(s, l1Index(g, off), lt);
    return await finish(s, now, first, last, n, host, from, to, keep, bytes);
  } finally {
    if (inflight) endAlloc(s, inflight);
  }
}

/** Whether every subcluster of [from, to) (offsets in the first cluster; `to` in the last) of clusters first..last is allocated. */
function allAllocated(s: Qcow2State, lt: Table, first: number, last: number, from: number, to: number): boolean {
  const g = s.geo;
  for (let i = 0; i <= last; i++) {
    const lo = i === 0 ? Math.floor(from / g.subclusterSize) : 0;
    const hi = i === last ? Math.ceil(to / g.subclusterSize) : 32;
    const mask = rangeMask(lo, hi);
    if ((getBitmap(lt.table, first + i).alloc & mask) >>> 0 !== mask >>> 0) return false;
  }
  return true;
}

/** After the data went out: link the clusters, give back allocated ones the write did not reach. */
async function finish(
  s: Qcow2State, lt: Table, first: number, last: number, n: number, host: number, from: number, to: number, keep: boolean, bytes: number,
): Promise<{ written: number; hostEnd: number }> {
  const cs = s.geo.clusterSize;
  await link(s, lt, first, last, host, from, to, keep);
  if (!keep && last + 1 < n && !hasDataFile(s)) await freeClusters(s, host + (last + 1) * cs, (n - last - 1) * cs);
  return { written: bytes, hostEnd: host + (last + 1) * cs };
}

/**
 * Whether there is copy-on-write around [dataStart, dataEnd) inside [from, to) and each side is one
 * extent known to read as zeroes (as bdrv_co_is_zero_fast sees it: zero subclusters, or unallocated
 * ones whose backing chain reads as zeroes there): then the host range is zeroed in one request
 * instead of copied (QEMU's handle_alloc_space), which keeps the file sparse.
 */
async function zeroCow(node: BlockNode<Qcow2State>, from: number, dataStart: number, dataEnd: number, to: number): Promise<boolean> {
  if (from === dataStart && to === dataEnd) return false;
  // QEMU's zero check fails for an edge reaching past the guest disk (last partial subcluster, VM state).
  if (!inDisk(node.state, to)) return false;
  const zero = async (a: number, b: number): Promise<boolean> => {
    if (a === b) return true;
    const run = await lookupRun(node.state, a, b - a);
    if (run.bytes < b - a) return false;
    if (run.type === 'zero-plain' || run.type === 'zero-alloc') return true;
    if (run.type !== 'unallocated' && run.type !== 'unallocated-alloc') return false;
    const backing = backingChild(node);
    if (!backing) return true;
    const r = await nodeBlockStatusAbove(backing, null, true, false, a, b - a);
    return (r.status & BDRV_BLOCK.ZERO) !== 0 && r.pnum >= b - a;
  };
  return (await zero(from, dataStart)) && (await zero(dataEnd, to));
}

/**
 * Where the written area of the first cluster starts: the write itself when its subcluster is
 * allocated and kept, else the start of that subcluster, or further back to the first allocated
 * subcluster of a cluster that is being copied (all of it when compressed).
 */
function cowStart(s: Qcow2State, lt: Table, idx: number, at: number, keep: boolean): number {
  const g = s.geo;
  const e = getL2(g, lt.table, idx);
  const b = getBitmap(lt.table, idx);
  const sc = Math.floor(at / g.subclusterSize);
  const t = subclusterType(e, b, sc, hasDataFile(s));
  if (t === 'compressed') return 0;
  if (keep && t === 'normal') return at;
  const mapped = t === 'normal' || t === 'zero-alloc' || t === 'unallocated-alloc';
  return (!keep && mapped ? Math.min(sc, ctz32(b.alloc)) : sc) * g.subclusterSize;
}

/** Where the written area of the last cluster ends (`at`: the end of the write inside it); the mirror of cowStart. */
function cowEnd(s: Qcow2State, lt: Table, idx: number, at: number, keep: boolean): number {
  const g = s.geo;
  const e = getL2(g, lt.table, idx);
  const b = getBitmap(lt.table, idx);
  const t = subclusterType(e, b, Math.floor((at - 1) / g.subclusterSize), hasDataFile(s));
  if (t === 'compressed') return g.clusterSize;
  if (keep && t === 'normal') return at;
  const rounded = Math.ceil(at / g.subclusterSize) * g.subclusterSize;
  const mapped = t === 'normal' || t === 'zero-alloc' || t === 'unallocated-alloc';
  return !keep && mapped ? Math.max(rounded, bitLength32(b.alloc) * g.subclusterSize) : rounded;
}

/** Mark the written subclusters allocated (not zero) in clusters 0..last; new clusters replace their old entries. */
async function link(
  s: Qcow2State, lt: Table, first: number, last: number, host: number, from: number, to: number, keep: boolean,
): Promise<void> {
  const g = s.geo;
  const cs = g.clusterSize;
  const old: RawEntry[] = [];
  for (let i = 0; i <= last; i++) {
    const e = getL2(g, lt.table, first + i);
    const b = l2.compressed(e) ? { alloc: 0, zero: 0 } : getBitmap(lt.table, first + i);
    const lo = i === 0 ? from : 0;
    const hi = i === last ? to - last * cs : cs;
    const mask = rangeMask(Math.floor(lo / g.subclusterSize), Math.ceil(hi / g.subclusterSize));
    setBitmap(lt.table, first + i, { alloc: (b.alloc | mask) >>> 0, zero: (b.zero & ~mask) >>> 0 });
    if (!keep) {
      old.push(e);
      setL2(g, lt.table, first + i, l2.make(host + i * cs, true));
    }
  }
  await linkDependency(s);
  s.l2Cache.markDirty(lt.offset, lt.table);
  for (const e of old) await releaseEntry(s, e);
}
