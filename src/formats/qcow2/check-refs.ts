// qemu-img check, part 1: count the references the metadata makes to each host cluster, reporting malformed entries.

import { entryValue, l1, l2, readEntry, reftable } from './entries.ts';
import { getBitmap, getL2, hasHostCluster, setBitmap, setL2 } from './subclusters.ts';
import { checkMetadataWrite } from './overlap.ts';
import { BlockError } from '../../block/errors.ts';
import { hasDataFile } from './data-file.ts';
import { LIMITS } from './constants.ts';
import { countBitmapRefs } from './bitmap-check.ts';
import { hexAlt } from './corruption.ts';
import { ClusterCounts } from './check-counts.ts';
import { reftableEntries, type Qcow2State } from './state.ts';

/** What counting found: per-cluster references and the problem counters. */
export interface RefCount {
  refs: ClusterCounts;
  corruptions: number;
  /** Corruptions repaired while counting (misaligned preallocated clusters under -r all). */
  corruptionsFixed: number;
  checkErrors: number;
  /** Refcount blocks whose reference count must then be exactly one (index → cluster). */
  /** A refcount block is shared or missing: the refcount structures must be rebuilt to repair. */
  rebuild: boolean;
  bfi: { totalClusters: number; allocatedClusters: number; fragmentedClusters: number; compressedClusters: number };
}

const hex = (v: bigint | number): string => v.toString(16);

/** Add one reference to every cluster of [offset, offset+bytes); a range ending a cluster or more past the file's end is an error instead. */
function count(
  s: Qcow2State, r: RefCount, fileLength: number, offsetIn: number | bigint, bytes: number, report: (l: string) => void,
): void {
  if (bytes <= 0) return;
  const cs = s.geo.clusterSize;
  if (BigInt(offsetIn) + BigInt(bytes) - BigInt(fileLength) >= BigInt(cs)) {
    report(`ERROR: counting reference for region exceeding the end of the file by one cluster or more: offset 0x${hex(offsetIn)} size 0x${hex(bytes)}`);
    r.corruptions++;
    return;
  }
  // Within the file, so below 2^53.
  const offset = Number(offsetIn);
  const first = Math.floor(offset / cs);
  const last = Math.floor((offset + bytes - 1) / cs);
  for (let c = first; c <= last; c++) {
    if (r.refs.inc(c)) continue;
    // The count stays at the refcount maximum, so the comparison later finds nothing more to say.
    report(`ERROR: overflow cluster offset=0x${hex(c * cs)}`);
    report('Use qemu-img amend to increase the refcount entry width or qemu-img convert to create a clean copy if the image cannot be opened for writing');
    r.corruptions++;
  }
}

/** Where an L2 table being counted hangs (the active tree or a snapshot's) and whether -r all repairs it. */
interface L2Context {
  active: boolean;
  fixErrors: boolean;
}

async function countL2(
  s: Qcow2State, r: RefCount, fileLength: number, l2Offset: number, next: { contiguous: number } | null, at: L2Context,
  report: (l: string) => void,
): Promise<void> {
  const table = await s.file.read(l2Offset, s.geo.clusterSize);
  const cs = s.geo.clusterSize;
  for (let i = 0; i < s.geo.l2Entries; i++) {
    const e = getL2(s.geo, table, i);
    const t = l2.type(e, hasDataFile(s));
    if (t === 'compressed') {
      const ref = l2.compressedRef(e, s.geo.clusterBits);
      if (l2.copied(e)) {
        report(`ERROR: coffset=0x${hex(ref.offsetExact)}: copied flag must never be set for compressed clusters`);
        r.corruptions++;
      }
      if (s.geo.extendedL2 && bitmapWord(table, i)) {
        // QEMU then leaves the cluster uncounted (a later repair frees it as leaked).
        report(`ERROR compressed cluster ${i} with non-zero subcluster allocation bitmap, entry=0x${hex(entryValue(e))}`);
        r.corruptions++;
        continue;
      }
      if (next) {
        r.bfi.allocatedClusters++;
        r.bfi.compressedClusters++;
        r.bfi.fragmentedClusters++;
      }
      // The reference runs from the exact offset to the end of its last sector.
      count(s, r, fileLength, ref.offsetExact, ref.sectors * 512 - Number(ref.offsetExact % 512n), report);
      continue;
    }
    if (l2.reservedBits(e)) {
      report(`ERROR found l2 entry with reserved bits set: ${hex(entryValue(e))}`);
      r.corruptions++;
    }
    if (s.geo.extendedL2) r.corruptions += checkBitmap(s, table, i, report);
    if (t === 'normal' || t === 'zero-alloc') {
      const off = l2.offset(e);
      if (off % cs) {
        r.corruptions++;
        // Whether it holds data goes by the zero flag, or with subclusters by the allocation bits.
        const holdsData = s.geo.extendedL2 ? getBitmap(table, i).alloc !== 0 : t === 'normal';
        if (holdsData) report(`ERROR offset=${hex(off)}: Data cluster is not properly aligned; L2 entry corrupted.`);
        else {
          report(`${at.fixErrors ? 'Repairing' : 'ERROR'} offset=${hex(off)}: Preallocated cluster is not properly aligned; L2 entry corrupted.`);
          if (at.fixErrors) {
            await zeroMisalignedEntry(s, r, l2Offset, table, i, at.active, report);
            // Nothing to count any more.
            continue;
          }
        }
      }
      if (next) {
        r.bfi.allocatedClusters++;
        if (next.contiguous && off !== next.contiguous) r.bfi.fragmentedClusters++;
        next.contiguous = off + cs;
      }
      // Clusters in an external data file are not refcounted.
      if (!hasDataFile(s)) count(s, r, fileLength, off, cs, report);
    }
  }
}

/**
 * -r all on a preallocated cluster at a misaligned offset: the entry becomes a zero cluster without
 * a host cluster (with subclusters: every allocated or zero subcluster reads as zeroes), written
 * alone and synced. A write that would land on other metadata fails the check ("Overlap check failed").
 */
async function zeroMisalignedEntry(
  s: Qcow2State, r: RefCount, l2Offset: number, table: Uint8Array, i: number, active: boolean, report: (l: string) => void,
): Promise<void> {
  const g = s.geo;
  if (g.extendedL2) {
    const b = getBitmap(table, i);
    setBitmap(table, i, { alloc: 0, zero: (b.zero | b.alloc) >>> 0 });
    setL2(g, table, i, { hi: 0, lo: 0 });
  } else {
    setL2(g, table, i, { hi: 0, lo: 1 });
  }
  const entryBytes = g.l2Stride * 8;
  const at = l2Offset + i * entryBytes;
  try {
    try {
      await checkMetadataWrite(s, at, entryBytes, active ? 'active L2 table' : 'inactive L2 table');
    } catch (e) {
      if (e instanceof BlockError) report('ERROR: Overlap check failed');
      throw e;
    }
    try {
      await s.file.write(at, table.subarray(i * entryBytes, (i + 1) * entryBytes));
      await s.file.flush();
    } catch (e) {
      if (e instanceof BlockError) report(`ERROR: Failed to overwrite L2 table entry: ${e.errnoText()}`);
      throw e;
    }
  } catch (e) {
    if (e instanceof BlockError) r.checkErrors++;
    throw e;
  }
  // A copy of the table in the cache would now be stale.
  s.l2Cache.discard(l2Offset);
  r.corruptions--;
  r.corruptionsFixed++;
}

/** The subcluster bitmap of extended entry `i` as one number (only its being non-zero matters). */
function bitmapWord(table: Uint8Array, i: number): number {
  const b = getBitmap(table, i);
  return b.alloc | b.zero;
}

/** Subcluster bitmap consistency of a standard extended entry; returns the corruptions found. */
function checkBitmap(s: Qcow2State, table: Uint8Array, i: number, report: (l: string) => void): number {
  const e = getL2(s.geo, table, i);
  const b = getBitmap(table, i);
  if (hasHostCluster(e, hasDataFile(s))) {
    if ((b.alloc & b.zero) === 0) return 0;
    report(`ERROR offset=${hex(l2.offset(e))}: Allocated cluster has corrupted subcluster allocation bitmap`);
    return 1;
  }
  if (b.alloc === 0) return 0;
  report('ERROR: Unallocated cluster has non-zero subcluster allocation map');
  return 1;
}

/** Count the L2 tables an L1 table points to and what they map; `active` adds the allocation statistics. */
async function countL1(
  s: Qcow2State, r: RefCount, fileLength: number, table: Uint8Array, size: number, at: L2Context, report: (l: string) => void,
): Promise<void> {
  const cs = s.geo.clusterSize;
  for (let i = 0; i < size; i++) {
    // Fragmentation is judged within each L2 table.
    const next = at.active ? { contiguous: 0 } : null;
    const e = readEntry(table, i);
    if (l1.reservedBits(e)) {
      report(`ERROR found L1 entry with reserved bits set: ${hex(entryValue(e))}`);
      r.corruptions++;
    }
    // Only an entry of all zeroes is skipped: one with nothing but flag or reserved bits set
    // names offset 0, and QEMU then counts the header cluster and reads it as an L2 table.
    if (e.hi === 0 && e.lo === 0) continue;
    const off = l1.l2Offset(e);
    count(s, r, fileLength, off, cs, report);
    if (off % cs) {
      // Reported, and then still read where it points, as QEMU does.
      report(`ERROR l2_offset=${hex(off)}: Table is not cluster aligned; L1 entry corrupted`);
      r.corruptions++;
    }
    await countL2(s, r, fileLength, off, next, at, report);
  }
}

/**
 * Walk header, L1/L2 tables and the refcount table the way QEMU's check does, in its order.
 * `recount`: the count again after a rebuild, which QEMU makes without the file size check.
 */
export async function countReferences(
  s: Qcow2State, report: (l: string) => void, fix: 'none' | 'leaks' | 'all' = 'none', recount = false,
): Promise<RefCount> {
  const cs = s.geo.clusterSize;
  let fileLength = await s.file.length();
  const fileClusters = Math.ceil(fileLength / cs);
  // QEMU counts clusters in an int: a file of 2^31 clusters or more is refused outright (at the
  // start of a check; a repair that grew the file that far is caught by the next check).
  if (!recount && fileClusters > LIMITS.maxCheckClusters) throw BlockError.io('EFBIG');
  const r: RefCount = {
    refs: new ClusterCounts(s.geo.refcountOrder, fileClusters),
    corruptions: 0,
    corruptionsFixed: 0,
    checkErrors: 0,
    rebuild: false,
    bfi: { totalClusters: Math.ceil(s.header.size / cs), allocatedClusters: 0, fragmentedClusters: 0, compressedClusters: 0 },
  };
  count(s, r, fileLength, 0, cs, report);
  count(s, r, fileLength, s.header.l1TableOffset, s.header.l1Size * 8, report);
  await countL1(s, r, fileLength, s.l1, s.header.l1Size, { active: true, fixErrors: fix === 'all' }, report);
  for (const sn of s.snapshots) {
    const l1Exact = sn.l1TableOffsetExact ?? BigInt(sn.l1TableOffset);
    if (l1Exact % BigInt(cs)) {
      report(`ERROR snapshot ${sn.id} (${sn.name}) l1_offset=0x${l1Exact.toString(16)}: L1 table is not cluster aligned; snapshot table entry corrupted`);
      r.corruptions++;
      continue;
    }
    if (sn.l1Size * 8 > LIMITS.maxL1Bytes) {
      report(`ERROR snapshot ${sn.id} (${sn.name}) l1_size=${hexAlt(sn.l1Size)}: L1 table is too large; snapshot table entry corrupted`);
      r.corruptions++;
      continue;
    }
    count(s, r, fileLength, sn.l1TableOffset, sn.l1Size * 8, report);
    const table = sn.l1Size ? await s.file.read(sn.l1TableOffset, sn.l1Size * 8) : new Uint8Array(0);
    await countL1(s, r, fileLength, table, sn.l1Size, { active: false, fixErrors: fix === 'all' }, report);
  }
  count(s, r, fileLength, s.header.snapshotsOffset, s.snapshotsBytes, report);
  count(s, r, fileLength, s.header.refcountTableOffset, s.header.refcountTableClusters * cs, report);
  await countBitmapRefs(s, (o, b) => count(s, r, fileLength, o, b, report), () => r.corruptions++);
  for (let i = 0; i < reftableEntries(s); i++) {
    const e = readEntry(s.reftable, i);
    if (reftable.reservedBits(e)) {
      report(`ERROR refcount table entry ${i} has reserved bits set`);
      r.corruptions++;
      r.rebuild = true;
      continue;
    }
    const off = reftable.blockOffset(e);
    if (!off) continue;
    if (off % cs) {
      report(`ERROR refcount block ${i} is not cluster aligned; refcount table entry corrupted`);
      r.corruptions++;
      r.rebuild = true;
      continue;
    }
    if (off >= fileLength) {
      r.corruptions++;
      if (fix !== 'all') {
        report(`ERROR refcount block ${i} is outside image`);
        continue;
      }
      // Repaired by growing the file so the block lies inside it; the rebuild that follows tidies up.
      // When the file cannot grow (an offset past INT64_MAX is EINVAL before trying), the rebuild repairs it.
      report(`Repairing refcount block ${i} is outside image`);
      try {
        if (off > 2 ** 63 - cs) throw BlockError.io('EINVAL');
        await s.file.truncate(off + cs, 'off');
      } catch (e) {
        if (!(e instanceof BlockError)) throw e;
        if (e.message !== e.errnoText()) report(`qemu-img: ${e.message}`);
        report(`ERROR could not resize image: ${e.errnoText()}`);
        r.rebuild = true;
        continue;
      }
      fileLength = off + cs;
    }
    count(s, r, fileLength, off, cs, report);
    // Each refcount block must be referenced once (by the table); judged as it is counted, so a
    // block sharing a cluster with one before it (or with other metadata) says so here.
    const refs = r.refs.get(off / cs);
    if (refs !== 1) {
      report(`ERROR refcount block ${i} refcount=${refs}`);
      r.corruptions++;
      r.rebuild = true;
    }
  }
  return r;
}
