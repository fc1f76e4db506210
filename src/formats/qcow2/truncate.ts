// Resizing a qcow2 image: grow (L1 growth plus optional preallocation) and shrink (discard the cut-off part, trim the file).

import { BlockError } from '../../block/errors.ts';
import type { PreallocMode } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { l1, l2, readEntry, type RawEntry } from './entries.ts';
import { getL2, setL2 } from './subclusters.ts';
import { writableL2 } from './cluster-map.ts';
import { l1EntriesFor, l1Index, l2Index } from './geometry.ts';
import { writeU64 } from './header.ts';
import { growL1 } from './l1-resize.ts';
import { renewCaches } from './cache-sizes.ts';
import { allocClusters, allocClustersAt, freeClusters, refcountOf } from './refcount.ts';
import { dataFileIsRaw, dataHost, hasDataFile } from './data-file.ts';
import { discardClusters } from './zero-discard.ts';
import { flushCaches, l1Entries, type Qcow2State } from './state.ts';
import { preallocateFile } from './prealloc-file.ts';
import { writeCowRegions } from './cow-write.ts';
import { shrinkReftable } from './reftable-shrink.ts';
import { releaseEntry } from './write.ts';

async function writeSize(s: Qcow2State, size: number): Promise<void> {
  const b = new Uint8Array(8);
  writeU64(new DataView(b.buffer), 0, size);
  await s.file.write(24, b);
  s.header.size = size;
}

export async function qcow2Truncate(node: BlockNode<Qcow2State>, size: number, prealloc: PreallocMode): Promise<void> {
  const s = node.state;
  if (size % 512) throw new BlockError('EINVAL', 'The new size must be a multiple of 512');
  // v2 snapshot headers have no room for the size the snapshot was taken at.
  if (s.header.version < 3 && s.snapshots.length > 0) throw new BlockError('ENOTSUP', "Can't resize a v2 image which has snapshots");
  const old = s.header.size;
  if (size < old) {
    if (prealloc !== 'off') throw new BlockError('ENOTSUP', "Preallocation can't be used for shrinking an image");
    await shrink(s, size);
    if (s.dataFile) await s.dataFile.truncate(size, 'off');
    return;
  }
  await growL1(s, l1EntriesFor(s.geo, size)).catch((e: unknown) => {
    throw e instanceof BlockError ? BlockError.withErrno(e.errno, 'Failed to grow the L1 table') : e;
  });
  if (s.dataFile) {
    // A raw data file's clusters are mapped 1:1 from the start, so growing always maps the new
    // ones. Without preallocation the data file takes the guest size; with it, preallocation
    // only grows the data file where the new clusters need it.
    const mode = prealloc === 'off' && dataFileIsRaw(s) ? 'metadata' : prealloc;
    if (mode === 'off') await s.dataFile.truncate(size, 'off');
    else if (size > old) await preallocate(s, old, size, mode, node);
  } else if (prealloc === 'metadata') {
    if (size > old) await preallocate(s, old, size, prealloc, node);
  } else if (prealloc !== 'off') {
    // (falloc and full lay out a new refcount area even when the size stays, as QEMU does.)
    await preallocateFile(s, old, size, prealloc);
  }
  await flushCaches(s);
  await writeSize(s, size);
  await renewCaches(s);
}

/**
 * Whether preallocation gives the cluster of entry `e` a new host cluster: every cluster but one
 * of ours (COPIED, with data or preallocated zeroes), as QEMU's cluster_needs_new_alloc() says.
 */
function needsNewCluster(s: Qcow2State, e: RawEntry): boolean {
  const t = l2.type(e, hasDataFile(s));
  return !((t === 'normal' || t === 'zero-alloc') && l2.copied(e));
}

/**
 * Give every cluster in [start, end) that is not one of ours a host cluster (no data written):
 * unallocated ones, zero clusters without one, compressed and shared ones (whose old clusters lose
 * the reference); then size the file as `mode` says, up to the host byte of the range's end in
 * the last cluster, new or kept. A new cluster only partly inside the range gets the rest of it
 * copied (COW) from what the guest reads there (through `node`; zeroes for a new image), as
 * QEMU's does.
 */
export async function preallocate(s: Qcow2State, start: number, end: number, mode: PreallocMode, node?: BlockNode<Qcow2State>): Promise<void> {
  const g = s.geo;
  let off = start - (start % g.clusterSize);
  let nextHost = -1;
  let hostEnd = 0;
  while (off < end) {
    const lt = await writableL2(s, l1Index(g, off));
    const first = l2Index(g, off);
    const left = Math.min(Math.ceil((end - off) / g.clusterSize), g.l2Entries - first);
    let i = 0;
    while (i < left) {
      const kept = getL2(g, lt.table, first + i);
      if (!needsNewCluster(s, kept)) {
        // A cluster of ours stays; allocation goes on after it, and the file must reach it.
        const guest = off + i * g.clusterSize;
        const at = l2.offset(kept);
        hostEnd = Math.max(hostEnd, at + Math.min(end, guest + g.clusterSize) - guest);
        nextHost = hasDataFile(s) ? -1 : at + g.clusterSize;
        i++;
        continue;
      }
      let n = 1;
      while (i + n < left && needsNewCluster(s, getL2(g, lt.table, first + i + n))) n++;
      // External data file: a guest cluster's host offset is its guest offset there.
      let host = hasDataFile(s) ? off + i * g.clusterSize : -1;
      if (host < 0 && nextHost >= 0) {
        const got = await allocClustersAt(s, nextHost, n);
        if (got > 0) [host, n] = [nextHost, got];
      }
      if (host < 0) host = await allocClusters(s, n);
      else if (hasDataFile(s)) nextHost = -1;
      const guest = off + i * g.clusterSize;
      await cowEdges(s, node, guest, n, host, start, end);
      const old: RawEntry[] = [];
      for (let k = 0; k < n; k++) {
        old.push(getL2(g, lt.table, first + i + k));
        setL2(g, lt.table, first + i + k, l2.make(host + k * g.clusterSize, true));
      }
      s.l2Cache.markDirty(lt.offset, lt.table);
      for (const e of old) await releaseEntry(s, e);
      nextHost = host + n * g.clusterSize;
      // The file must reach the host byte of the range's end (a COW tail may have taken it further).
      hostEnd = Math.max(hostEnd, host + Math.min(end, guest + n * g.clusterSize) - guest);
      i += n;
    }
    off += left * g.clusterSize;
  }
  await flushCaches(s);
  const host = dataHost(s);
  if (hostEnd > (await host.length())) await host.truncate(hostEnd, mode === 'metadata' ? 'off' : mode);
}

/**
 * The COW of a run of `n` new clusters from guest `guest` at `host`: from the start of the
 * (sub)cluster holding `start` up to it, and from `end` to the end of the (sub)cluster holding it.
 */
async function cowEdges(
  s: Qcow2State, node: BlockNode<Qcow2State> | undefined, guest: number, n: number, host: number, start: number, end: number,
): Promise<void> {
  const sc = s.geo.subclusterSize;
  const runEnd = guest + n * s.geo.clusterSize;
  const from = start > guest ? start - (start % sc) : guest;
  const to = end < runEnd ? Math.ceil(end / sc) * sc : runEnd;
  const head = start > guest ? start - from : 0;
  const tail = end < runEnd ? to - end : 0;
  const w = { host: host + from - guest, guest: from, head, bytes: to - from - head - tail, tail, headZero: false, tailZero: false };
  await writeCowRegions(s, node, w);
}

/** Drop everything past `size`: clusters, whole L2 tables no longer needed, and the file's unused tail. */
async function shrink(s: Qcow2State, size: number): Promise<void> {
  const g = s.geo;
  const from = Math.ceil(size / g.clusterSize) * g.clusterSize;
  if (from < s.header.size) await discardClusters(s, from, s.header.size - from, true, false, 'always');
  const keep = l1EntriesFor(g, size);
  if (keep < l1Entries(s)) {
    // As QEMU: the dropped tail of the L1 table is zeroed on disk in one request, then the L2 tables it held are freed.
    const l2s: number[] = [];
    for (let i = keep; i < l1Entries(s); i++) {
      const off = l1.l2Offset(readEntry(s.l1, i));
      if (off) l2s.push(off);
    }
    await s.file.event('l1_shrink_write_table');
    try {
      await s.file.writeZeroes(s.header.l1TableOffset + keep * 8, (l1Entries(s) - keep) * 8, false);
    } catch (e) {
      throw e instanceof BlockError ? e.prepend('Failed to reduce the number of L2 tables: ') : e;
    }
    s.l1.fill(0, keep * 8);
    await s.file.event('l1_shrink_free_l2_clusters');
    for (const off of l2s) await freeClusters(s, off, g.clusterSize, 'always');
  }
  await shrinkReftable(s);
  await trimFile(s);
  await writeSize(s, size);
  await renewCaches(s);
}

/** Cut the file after the last cluster with a non-zero refcount (failures only warn in QEMU; we ignore them). */
async function trimFile(s: Qcow2State): Promise<void> {
  const len = await s.file.length();
  let last = Math.ceil(len / s.geo.clusterSize) - 1;
  while (last >= 0 && (await refcountOf(s, last)) === 0) last--;
  const end = (last + 1) * s.geo.clusterSize;
  if (end < len) {
    try {
      await s.file.truncate(end, 'off');
    } catch {
      // QEMU only warns when the tail cannot be cut.
    }
  }
}
