// Write-zeroes and discard on images with extended L2 entries: zero bits per subcluster, whole clusters dropped or zeroed.

import { l2, type RawEntry } from './entries.ts';
import { writableL2 } from './cluster-map.ts';
import { hasDataFile } from './data-file.ts';
import { l1Index, l2Index } from './geometry.ts';
import type { Qcow2State } from './state.ts';
import { getBitmap, getL2, hasHostCluster, rangeMask, setBitmap, setL2, type SubclusterBitmap } from './subclusters.ts';

const ALL = 0xffffffff;

/** Drops the reference an old entry held (passing the discard down when asked). */
export type Release = (s: Qcow2State, e: RawEntry, passDown: boolean) => Promise<void>;

/** Replace entry `i` (and its bitmap); the old entry's reference is released when `drop`. */
async function put(
  s: Qcow2State, lt: { offset: number; table: Uint8Array }, i: number, e: RawEntry, b: SubclusterBitmap, drop: boolean, release: Release,
): Promise<void> {
  const old = getL2(s.geo, lt.table, i);
  const ob = getBitmap(lt.table, i);
  if (old.hi === e.hi && old.lo === e.lo && ob.alloc === b.alloc && ob.zero === b.zero) return;
  setL2(s.geo, lt.table, i, e);
  setBitmap(lt.table, i, b);
  s.l2Cache.markDirty(lt.offset, lt.table);
  if (drop) await release(s, old, s.passDiscardRequest);
}

/**
 * Make the whole subclusters of [offset, offset+bytes) read as zeroes, cluster by cluster in order.
 * A wholly covered cluster (or the disk's partial last one) loses its data cluster when `unmap` (a
 * compressed one always). A partly covered compressed cluster cannot take zero bits: the walk stops
 * there and returns false (QEMU's ENOTSUP), leaving the caller to write explicit zeroes over the
 * whole range, with whatever clusters before it already changed.
 */
export async function zeroSubclusters(s: Qcow2State, offset: number, bytes: number, unmap: boolean, release: Release): Promise<boolean> {
  const g = s.geo;
  const cs = g.clusterSize;
  const end = offset + bytes;
  for (let off = offset; off < end; ) {
    const lt = await writableL2(s, l1Index(g, off));
    for (let i = l2Index(g, off); i < g.l2Entries && off < end; i++) {
      const stop = Math.min(end, off - (off % cs) + cs);
      const e = getL2(g, lt.table, i);
      if (off % cs === 0 && (stop - off === cs || stop === s.header.size)) {
        const drop = l2.compressed(e) || (unmap && hasHostCluster(e, hasDataFile(s)));
        await put(s, lt, i, drop ? l2.unallocated() : e, { alloc: 0, zero: ALL }, drop, release);
      } else if (l2.compressed(e)) {
        return false;
      } else {
        const mask = rangeMask(Math.floor((off % cs) / g.subclusterSize), Math.ceil(((stop - 1) % cs + 1) / g.subclusterSize));
        const b = getBitmap(lt.table, i);
        await put(s, lt, i, e, { alloc: (b.alloc & ~mask) >>> 0, zero: (b.zero | mask) >>> 0 }, false, release);
      }
      off = stop;
    }
  }
  return true;
}

/**
 * Discard whole clusters: `full` leaves them unallocated; otherwise allocated clusters (and any
 * cluster when a backing file could show through) read as zeroes afterwards.
 */
export async function discardSubclusterClusters(
  s: Qcow2State, offset: number, bytes: number, full: boolean, hasBacking: boolean, release: Release,
): Promise<void> {
  const g = s.geo;
  const end = offset + bytes;
  for (let off = offset; off < end; ) {
    const first = l2Index(g, off);
    const n = Math.min(Math.ceil((end - off) / g.clusterSize), g.l2Entries - first);
    // As without subclusters, every discard gets its L2 tables, a shrink's and an emptying's too.
    const lt = await writableL2(s, l1Index(g, off));
    for (let i = first; i < first + n; i++) {
      const e = getL2(g, lt.table, i);
      const allocated = l2.compressed(e) || hasHostCluster(e, hasDataFile(s));
      if (!full && !hasBacking && !allocated) continue;
      await put(s, lt, i, l2.unallocated(), { alloc: 0, zero: full ? 0 : ALL }, true, release);
    }
    off += n * g.clusterSize;
  }
}
