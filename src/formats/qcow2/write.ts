// Guest writes: in place where a cluster is ours alone (COPIED), else new clusters with copy-on-write of the edges.

import type { WriteFlags } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { l1, l2, readEntry, writeEntry, type RawEntry } from './entries.ts';
import { currentL2, writableL2 } from './cluster-map.ts';
import { beginAlloc, endAlloc, untilDependency } from './inflight.ts';
import { growL1ForWrite } from './l1-resize.ts';
import { compressedExtent } from './compress.ts';
import { inDisk, writeWithCow, type CowWrite } from './cow-write.ts';
import { dataHost, hasDataFile } from './data-file.ts';
import { bytesPerL2, l1Index, l2Index } from './geometry.ts';
import { checkDataWrite } from './overlap.ts';
import { hexAlt, signalCorruption } from './corruption.ts';
import { allocClusters, allocClustersAt, freeClusters, linkDependency } from './refcount.ts';
import { requeue, dataPhase, type Qcow2State } from './state.ts';
import { writeSubclusters } from './subcluster-write.ts';

/** Whether a write into a cluster with this entry can go straight to its host cluster. */
function inPlace(s: Qcow2State, e: RawEntry): boolean {
  const t = l2.type(e, hasDataFile(s));
  return (t === 'normal' || t === 'zero-alloc') && l2.copied(e);
}

/** Write `data` at guest `offset`; metadata is left dirty in the caches for the caller to flush. */
export async function qcow2WriteData(node: BlockNode<Qcow2State>, offset: number, data: Uint8Array, onAllocated?: () => void): Promise<void> {
  const s = node.state;
  const g = s.geo;
  let pos = 0;
  let nextHost = -1;
  // QEMU writes each contiguous host run (a "part": one or more of our per-L2-table pieces) in a
  // task of its own, at most 8 at once. A task links its clusters (freeing what they overwrote)
  // once its data is written and the request lets go of the image's lock between two parts; its
  // data is written while the request waits for metadata I/O (a new L2 table, a table read or
  // written back). So what a part overwrote is freed at the first part boundary after such a
  // wait, a part that reads COW data while linking one wait later, and the rest at the end:
  // clusters allocated before cannot reuse it.
  let parts: Part[] = [];
  const ioNow = (): number => s.l2Cache.ioCount + s.refCache.ioCount;
  try {
    await writePieces();
  } finally {
    for (const p of parts) if (holdsClusters(p.old)) await releaseAll(s, p.old);
  }

  /** The request goes on with a new part: the previous one's task starts, after the tasks that can link now did. */
  function partBoundary(): Promise<void> | undefined {
    // The common case, a request's first part: nothing can link yet, and no promise is needed.
    if (parts.length > 0) return nextPart();
    parts.push({ old: [], cowRead: false });
    return undefined;
  }

  async function nextPart(): Promise<void> {
    const io = ioNow();
    const kept: Part[] = [];
    for (const p of parts) {
      if (p.submitted === undefined || io <= (p.linking ?? p.submitted)) kept.push(p);
      else if (p.cowRead && p.linking === undefined) {
        p.linking = io;
        kept.push(p);
      } else await releaseAll(s, p.old);
    }
    parts = kept;
    const previous = parts[parts.length - 1];
    if (previous && previous.submitted === undefined) previous.submitted = ioNow();
    // A full task pool: the new part's task will wait for the oldest one, which links first.
    if (parts.length >= MAX_WORKERS) await releaseAll(s, parts.shift()!.old);
    parts.push({ old: [], cowRead: false });
  }

  /** Count a piece's overwritten entries into the part it belongs to (the last one). */
  function addPiece(old: RawEntry[], cowRead: boolean): void {
    const current = parts[parts.length - 1]!;
    if (current.old.length === 0) current.old = old;
    else for (const e of old) current.old.push(e);
    current.cowRead ||= cowRead;
  }

  async function writePieces(): Promise<void> {
    while (pos < data.length) {
      const off = offset + pos;
      const inCluster = off % g.clusterSize;
      // Up to the first allocation another request has in flight here; on one, wait and look again.
      const dep = untilDependency(s, off, Math.min(data.length - pos, bytesPerL2(g) - (off % bytesPerL2(g))));
      const maxBytes = typeof dep === 'number' ? dep : await dep;
      if (maxBytes === 0) continue;
      // QEMU hands each piece's I/O to a task and goes on allocating the next: only the last
      // piece's I/O is where the request waits while the tool goes on (see dataPhase).
      const park = pos + maxBytes >= data.length;
      // The caller may go on during the last piece's data I/O when nothing the request overwrote
      // is freed after it (see WriteFlags.onAllocated).
      const hook = park && onAllocated && !parts.some((p) => holdsClusters(p.old)) ? onAllocated : undefined;
      // Past the guest disk lies the VM state area; its writes grow the L1 table.
      const growing = growL1ForWrite(s, l1Index(g, off) + 1);
      if (growing) await growing;
      const l1i = l1Index(g, off);
      const l2Before = l1.l2Offset(readEntry(s.l1, l1i));
      let lt = await writableL2(s, l1i);
      if (pos > 0 && lt.offset !== l2Before) {
        // QEMU allocates this table at the end of the previous part's allocation (trying to go
        // on with that host run): the requests waiting on the image allocate before this piece
        // does. The host run still continues after the previous piece when the clusters there
        // are free, as QEMU's does.
        await requeue(s);
        lt = await writableL2(s, l1i);
      }
      const first = l2Index(g, off);
      const wanted = Math.ceil((inCluster + maxBytes) / g.clusterSize);
      if (g.extendedL2) {
        const r = await writeSubclusters(node, lt, first, wanted, off, data.subarray(pos, pos + maxBytes), nextHost, park);
        pos += r.written;
        nextHost = r.hostEnd;
        continue;
      }
      const firstEntry = readEntry(lt.table, first);
      let written: number;
      if (inPlace(s, firstEntry) && l2.offset(firstEntry) % g.clusterSize) {
        const what = l2.type(firstEntry, hasDataFile(s)) === 'normal' ? 'Data cluster' : 'Preallocated zero cluster';
        throw await signalCorruption(s, `${what} offset ${hexAlt(l2.offset(firstEntry))} unaligned (guest offset: ${hexAlt(off)})`);
      }
      if (inPlace(s, firstEntry)) {
        if (l2.offset(firstEntry) !== nextHost) {
          const boundary = partBoundary();
          if (boundary) await boundary;
        }
        written = await writeInPlace(node, lt, first, wanted, off, data.subarray(pos, pos + maxBytes), park, hook);
        // Clusters allocated next continue the host run after these, as QEMU's do.
        nextHost = l2.offset(firstEntry) + Math.ceil((inCluster + written) / g.clusterSize) * g.clusterSize;
      } else {
        let n = 1;
        while (n < wanted && !inPlace(s, readEntry(lt.table, first + n))) n++;
        const r = await writeAllocating(node, lt, first, n, off, data.subarray(pos, pos + maxBytes), nextHost, park, partBoundary, hook);
        written = r.written;
        addPiece(r.old, r.cowRead);
        nextHost = r.hostEnd;
      }
      pos += written;
    }
  }
}

/** One write task of a request (see qcow2WriteData): what it overwrote, and whether its COW data had to be read. */
interface Part {
  old: RawEntry[];
  cowRead: boolean;
  /** Metadata I/O count when its task started (undefined: still being allocated). */
  submitted?: number;
  /** Metadata I/O count when it began linking and reading its COW data. */
  linking?: number;
}

/** QEMU's qcow2 write tasks in flight at once (QCOW2_MAX_WORKERS). */
const MAX_WORKERS = 8;

/** Whether any of the entries holds a reference (an all-zero entry, unallocated, holds nothing). */
function holdsClusters(old: RawEntry[]): boolean {
  for (const e of old) if (e.hi !== 0 || e.lo !== 0) return true;
  return false;
}

/** holdsClusters() for the `n` entries of `table` from index `first`. */
function tableHoldsClusters(table: Uint8Array, first: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const e = readEntry(table, first + i);
    if (e.hi !== 0 || e.lo !== 0) return true;
  }
  return false;
}

async function releaseAll(s: Qcow2State, old: RawEntry[]): Promise<void> {
  // An all-zero entry (unallocated) holds nothing: no call per cluster of a fresh image.
  for (const e of old) if (e.hi !== 0 || e.lo !== 0) await releaseEntry(s, e);
}

/**
 * Overwrite the run of clusters we own from L2 index `first` (data or preallocated zeroes,
 * contiguous on the host), as QEMU keeps them. Where the run holds preallocated zero clusters,
 * they lose their zero flag, and the parts of the first and last cluster outside the write are
 * zeroed when those clusters are zero ones (handle_alloc_space's efficient zeroing, else COW).
 */
async function writeInPlace(
  node: BlockNode<Qcow2State>,
  lt: { offset: number; table: Uint8Array },
  first: number,
  wanted: number,
  off: number,
  data: Uint8Array,
  park: boolean,
  onAllocated?: () => void,
): Promise<number> {
  const s = node.state;
  const cs = s.geo.clusterSize;
  const inCluster = off % cs;
  const host = l2.offset(readEntry(lt.table, first));
  let n = 1;
  while (n < wanted) {
    const en = readEntry(lt.table, first + n);
    if (!inPlace(s, en) || l2.offset(en) !== host + n * cs) break;
    n++;
  }
  const bytes = Math.min(data.length, n * cs - inCluster);
  const lastCluster = Math.floor((inCluster + bytes - 1) / cs);
  const zeroAlloc = (i: number): boolean => l2.type(readEntry(lt.table, first + i), hasDataFile(s)) === 'zero-alloc';
  let anyZero = false;
  for (let i = 0; i <= lastCluster && !anyZero; i++) anyZero = zeroAlloc(i);
  const overlap = s.dataFile ? undefined : checkDataWrite(s, host + inCluster, bytes);
  if (overlap) await overlap;
  const flags = onAllocated && bytes === data.length ? { onAllocated } : undefined;
  if (!anyZero) {
    await dataPhase(s, async () => {
      const event = s.file.event('write_aio');
      if (event) await event;
      await dataHost(s).write(host + inCluster, data.subarray(0, bytes), flags);
    }, park && bytes === data.length);
    return bytes;
  }
  const head = zeroAlloc(0) ? inCluster : 0;
  const tail = zeroAlloc(lastCluster) ? (lastCluster + 1) * cs - inCluster - bytes : 0;
  const cow: CowWrite = {
    host: host + inCluster - head, guest: off - head, head, bytes, tail,
    headZero: head === 0 || inDisk(s, off), tailZero: tail === 0 || inDisk(s, off + bytes + tail),
  };
  const guestStart = off - inCluster;
  const a = beginAlloc(s, guestStart, guestStart + (lastCluster + 1) * cs);
  try {
    await dataPhase(s, () => writeWithCow(node, cow, data, flags), park && bytes === data.length);
    const now = await currentL2(s, l1Index(s.geo, off), lt);
    for (let i = 0; i <= lastCluster; i++) writeEntry(now.table, first + i, l2.make(host + i * cs, true));
    const linking = linkDependency(s);
    if (linking) await linking;
    s.l2Cache.markDirty(now.offset, now.table);
  } finally {
    endAlloc(s, a);
  }
  return bytes;
}

/**
 * Give `n` clusters (starting at L2 index `first`) new host clusters, contiguous with `nextHost`
 * when possible; the bytes of the first and last cluster outside the write are copied from
 * their current guest-visible content. Old clusters lose the reference afterwards.
 */
async function writeAllocating(
  node: BlockNode<Qcow2State>,
  lt: { offset: number; table: Uint8Array },
  first: number,
  n: number,
  off: number,
  data: Uint8Array,
  nextHost: number,
  park: boolean,
  newRun?: () => Promise<void> | undefined,
  onAllocated?: () => void,
): Promise<{ written: number; host: number; hostEnd: number; old: RawEntry[]; cowRead: boolean }> {
  const s = node.state;
  const cs = s.geo.clusterSize;
  let host: number;
  ({ host, n } = await allocateForWrite(s, off, n, nextHost, newRun));
  // COW edges in clusters that read as zeroes need no copy (handle_alloc_space's zero check);
  // decided now, while the lock is held.
  const lastCluster = Math.floor((off % cs + Math.min(data.length, n * cs - (off % cs)) - 1) / cs);
  const zeroEdges = [0, lastCluster].map((i) => {
    const t = l2.type(readEntry(lt.table, first + i), hasDataFile(s));
    return t === 'zero-plain' || t === 'zero-alloc' || (t === 'unallocated' && !node.children.has('backing'));
  });
  const guestStart = off - (off % cs);
  const inflight = beginAlloc(s, guestStart, guestStart + n * cs);
  try {
    let filled: { bytes: number; lastCluster: number; cowRead: boolean };
    try {
      // The data goes out without the lock; other requests may allocate meanwhile.
      const last = park && Math.min(data.length, n * cs - (off % cs)) === data.length;
      // Linking frees what the entries held: the caller may go on only when they hold nothing.
      const flags = last && onAllocated && !tableHoldsClusters(lt.table, first, n) ? { onAllocated } : undefined;
      filled = await dataPhase(s, () => fillAllocated(node, n, off, data, host, (i) => zeroEdges[i === 0 ? 0 : 1]!, flags), last);
    } catch (e) {
      // qcow2_alloc_cluster_abort(): the new clusters go back to the free pool.
      if (!hasDataFile(s)) await freeClusters(s, host, n * cs);
      throw e;
    }
    const table = await currentL2(s, l1Index(s.geo, off), lt);
    const linked = await linkAllocated(s, table, first, n, host, filled.bytes, filled.lastCluster);
    return { written: linked.written, host, hostEnd: linked.hostEnd, old: linked.old, cowRead: filled.cowRead };
  } finally {
    endAlloc(s, inflight);
  }
}

/**
 * Host clusters for `n` guest clusters from the one holding `off`: contiguous with `nextHost` when
 * possible (then maybe fewer), else a new run (`newRun` is told first). With an external data
 * file a guest cluster's data sits at the same offset there, unrefcounted.
 */
export async function allocateForWrite(
  s: Qcow2State, off: number, n: number, nextHost: number, newRun?: () => Promise<void> | undefined,
): Promise<{ host: number; n: number }> {
  if (hasDataFile(s)) {
    const host = off - (off % s.geo.clusterSize);
    const boundary = host !== nextHost ? newRun?.() : undefined;
    if (boundary) await boundary;
    return { host, n };
  }
  if (nextHost >= 0) {
    const got = await allocClustersAt(s, nextHost, n);
    if (got > 0) return { host: nextHost, n: got };
  }
  const boundary = newRun?.();
  if (boundary) await boundary;
  return { host: await allocClusters(s, n), n };
}

/** Write the data (with its COW edges) to the freshly allocated `host` clusters; the bytes taken and the last cluster used. */
async function fillAllocated(
  node: BlockNode<Qcow2State>,
  n: number,
  off: number,
  data: Uint8Array,
  host: number,
  zeroEdge: (i: number) => boolean,
  flags?: WriteFlags,
): Promise<{ bytes: number; lastCluster: number; cowRead: boolean }> {
  const s = node.state;
  const cs = s.geo.clusterSize;
  const inCluster = off % cs;
  const bytes = Math.min(data.length, n * cs - inCluster);
  const guestStart = off - inCluster;
  const lastCluster = Math.floor((inCluster + bytes - 1) / cs);
  const tail = (lastCluster + 1) * cs - (inCluster + bytes);
  const cow: CowWrite = {
    host, guest: guestStart, head: inCluster, bytes, tail,
    headZero: inCluster === 0 || (inDisk(s, guestStart + inCluster) && zeroEdge(0)),
    tailZero: tail === 0 || (inDisk(s, guestStart + (lastCluster + 1) * cs) && zeroEdge(lastCluster)),
  };
  return { bytes, lastCluster, cowRead: await writeWithCow(node, cow, data, flags) };
}

/** Point the L2 entries at the written clusters and free unused allocated clusters; returns the entries replaced, for the caller to release. */
async function linkAllocated(
  s: Qcow2State,
  lt: { offset: number; table: Uint8Array },
  first: number,
  n: number,
  host: number,
  bytes: number,
  lastCluster: number,
): Promise<{ written: number; host: number; hostEnd: number; old: RawEntry[] }> {
  const cs = s.geo.clusterSize;
  const used = lastCluster + 1;
  const old: RawEntry[] = [];
  for (let i = 0; i < used; i++) {
    old.push(readEntry(lt.table, first + i));
    writeEntry(lt.table, first + i, l2.make(host + i * cs, true));
  }
  const linking = linkDependency(s);
  if (linking) await linking;
  s.l2Cache.markDirty(lt.offset, lt.table);
  if (used < n && !hasDataFile(s)) await freeClusters(s, host + used * cs, (n - used) * cs);
  return { written: bytes, host, hostEnd: host + used * cs, old };
}

/** Drop the reference an overwritten or discarded L2 entry held. */
export async function releaseEntry(s: Qcow2State, e: RawEntry): Promise<void> {
  const t = l2.type(e, hasDataFile(s));
  if ((t === 'normal' || t === 'zero-alloc') && hasDataFile(s)) return;
  if (t === 'normal' || t === 'zero-alloc') await freeClusters(s, l2.offset(e), s.geo.clusterSize);
  else if (t === 'compressed') {
    const ext = compressedExtent(s, e);
    await freeClusters(s, ext.offset, ext.bytes);
  }
}
