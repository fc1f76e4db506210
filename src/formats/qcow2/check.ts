// qemu-img check, part 2: compare counted references with stored refcounts, check COPIED flags, repair leaks and errors.

import type { CheckResult } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { BlockError } from '../../block/errors.ts';
import { countReferences, type RefCount } from './check-refs.ts';
import type { ClusterCounts } from './check-counts.ts';
import { writeSnapshotTable } from './snapshot-ops.ts';
import { loadSnapshots } from './snapshots.ts';
import { MAX_EXTRA_DATA } from './snapshot-table.ts';
import { validateSnapshotTable } from './validate.ts';
import { rebuildRefcounts } from './check-rebuild.ts';
import { entryValue, l1, l2, readEntry, type RawEntry } from './entries.ts';
import { checkMetadataWrite } from './overlap.ts';
import { getL2, setL2 } from './subclusters.ts';
import { setL1Entry } from './cluster-map.ts';
import { INCOMPAT_CORRUPT, LIMITS } from './constants.ts';
import { hasDataFile } from './data-file.ts';
import { markClean, writeHeader } from './meta.ts';
import { getRefcount, setRefcount } from './refblock.ts';
import { ensureRefblock, refblockOffsetFor, refcountOf } from './refcount.ts';
import { flushCaches, reftableEntries, type Qcow2State } from './state.ts';

type Fix = 'none' | 'leaks' | 'all';
const hex = (v: bigint | number): string => v.toString(16);

/** Set a stored refcount directly (repair); creates a refcount block past every referenced cluster if needed. */
async function setStoredRefcount(s: Qcow2State, ci: number, value: number): Promise<void> {
  const blockOffset = refblockOffsetFor(s, ci) || (await ensureRefblock(s, ci));
  const block = await s.refCache.get(blockOffset);
  setRefcount(block, s.geo.refcountOrder, ci % s.geo.refblockEntries, value);
  s.refCache.markDirty(blockOffset, block);
}

/**
 * Stored refcounts read without I/O where possible (no block covers the cluster, or its block is
 * cached): the block of the table index asked last is kept at hand, so comparing a block's worth
 * of clusters costs one lookup. forget() after anything that may load, change or add a block.
 */
class StoredRefcounts {
  private ti = -1;
  /** null: no block (refcount 0); undefined: reading needs I/O or fails. */
  private block: Uint8Array | null | undefined;

  constructor(private readonly s: Qcow2State) {}

  peek(ci: number): number | undefined {
    const g = this.s.geo;
    const ti = Math.floor(ci / g.refblockEntries);
    if (ti !== this.ti) {
      this.ti = ti;
      const off = refblockOffsetFor(this.s, ci);
      this.block = !off ? null : off % g.clusterSize ? undefined : this.s.refCache.peek(off);
    }
    if (this.block === null) return 0;
    return this.block ? getRefcount(this.block, g.refcountOrder, ci % g.refblockEntries) : undefined;
  }

  forget(): void {
    this.ti = -1;
  }
}

/**
 * The first cluster from `from` (below `end`) whose stored refcount needs I/O or differs from
 * its count: the clusters before it agree, and `seen.highest` moves to the last of them in use.
 * Synchronous, so the comparison of millions of agreeing clusters runs as one tight loop.
 */
function firstToExamine(
  s: Qcow2State, lookup: StoredRefcounts, refs: ClusterCounts, from: number, end: number, covered: number, seen: { highest: number },
): number {
  const per = s.geo.refblockEntries;
  let ci = from;
  while (ci < end) {
    // A block range with no refcount block and no counted cluster: nothing to compare.
    if (ci % per === 0 && !refblockOffsetFor(s, ci) && refs.nextUsed(ci, ci + per) >= ci + per) {
      ci += per;
      continue;
    }
    const stored = ci < covered ? lookup.peek(ci) : 0;
    if (stored === undefined) return ci;
    const n = refs.get(ci);
    if (stored !== n) return ci;
    if (n > 0) seen.highest = ci;
    ci++;
  }
  return ci;
}

/** Compare stored refcounts with counted references; returns the highest cluster in use and whether a rebuild is needed. */
async function compareRefcounts(
  s: Qcow2State, r: RefCount, fix: Fix, out: CheckResult, report: (l: string) => void,
): Promise<{ highest: number; rebuild: boolean }> {
  const covered = reftableEntries(s) * s.geo.refblockEntries;
  // Cluster 0 (the header) always counts, even when no refcount could be read.
  let highest = 0;
  let rebuild = false;
  s.freeClusterIndex = Math.max(s.freeClusterIndex, r.refs.length);
  // Past both the table's reach and the last counted cluster every pair is 0 = 0.
  const end = Math.min(r.refs.length, Math.max(covered, r.refs.highestSet + 1));
  const lookup = new StoredRefcounts(s);
  const seen = { highest };
  let failed: { ti: number; error: BlockError } | undefined;
  for (let ci = 0; ci < end; ci++) {
    ci = firstToExamine(s, lookup, r.refs, ci, end, covered, seen);
    highest = seen.highest;
    if (ci >= end) break;
    let stored = ci < covered ? lookup.peek(ci) : 0;
    try {
      if (stored === undefined) {
        // The rest of a block that could not be read fails the same way, without asking again.
        const ti = Math.floor(ci / s.geo.refblockEntries);
        if (failed?.ti === ti) throw failed.error;
        lookup.forget();
        stored = await refcountOf(s, ci);
      }
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      failed = { ti: Math.floor(ci / s.geo.refblockEntries), error: e };
      report(`Can't get refcount for cluster ${ci}: ${e.message}`);
      out.checkErrors++;
      continue;
    }
    const refs = r.refs.get(ci);
    if (stored > 0 || refs > 0) highest = seen.highest = ci;
    if (stored === refs) continue;
    // More stored references than found is a leak (wasted space); fewer is corruption, and a
    // used cluster counted as free means the refcount structures must be rebuilt.
    const leak = stored > refs;
    if (stored === 0) rebuild = true;
    const repair = stored !== 0 && (leak ? fix !== 'none' : fix === 'all');
    report(`${repair ? 'Repairing' : leak ? 'Leaked' : 'ERROR'} cluster ${ci} refcount=${stored} reference=${refs}`);
    if (repair) {
      lookup.forget();
      failed = undefined;
      await setStoredRefcount(s, ci, refs);
      // A repaired leak that frees the cluster discards it in the file, whatever pass-discard-* say,
      // and makes it the first candidate for the next allocation (update_refcount() does both).
      if (refs === 0) {
        await s.file.discard(ci * s.geo.clusterSize, s.geo.clusterSize);
        if (ci < s.freeClusterIndex) s.freeClusterIndex = ci;
      }
      if (leak) out.leaksFixed++;
      else out.corruptionsFixed++;
    } else if (leak) out.leaks++;
    else out.corruptions++;
  }
  return { highest, rebuild: rebuild || r.rebuild };
}

/** A stored refcount, or undefined when it cannot be read (the COPIED check then skips the entry silently). */
async function refcountOrUndefined(s: Qcow2State, ci: number): Promise<number | undefined> {
  try {
    return await refcountOf(s, ci);
  } catch (e) {
    if (e instanceof BlockError) return undefined;
    throw e;
  }
}

/** COPIED must be set exactly where the refcount is one, for L2 tables and for data clusters. */
async function checkCopied(s: Qcow2State, fix: Fix, out: CheckResult, report: (l: string) => void): Promise<void> {
  const cs = s.geo.clusterSize;
  // With only leaks to fix, flags are repaired when nothing else was wrong (refcounts are then trustworthy).
  const repair = fix === 'all' || (fix === 'leaks' && !out.corruptions && !out.checkErrors && !out.leaks);
  for (let i = 0; i < s.header.l1Size; i++) {
    const e = readEntry(s.l1, i);
    const off = l1.l2Offset(e);
    // A misaligned table is looked up by the cluster it starts in, and read where it points.
    if (!off) continue;
    const rc = await refcountOrUndefined(s, Math.floor(off / cs));
    if (rc === undefined) continue;
    if ((rc === 1) !== l1.copied(e)) {
      report(`${repair ? 'Repairing' : 'ERROR'} OFLAG_COPIED L2 cluster: l1_index=${i} l1_entry=${hex(entryValue(e))} refcount=${rc}`);
      if (repair) {
        // Only the flag changes; reserved bits stay for the next check to report.
        await setL1Entry(s, i, withCopied(e, rc === 1));
        out.corruptionsFixed++;
      } else out.corruptions++;
    }
    const aligned = off % cs === 0;
    const table = aligned ? await s.l2Cache.get(off) : await s.file.read(off, cs);
    let dirty = false;
    for (let j = 0; j < s.geo.l2Entries; j++) {
      const le = getL2(s.geo, table, j);
      const t = l2.type(le, hasDataFile(s));
      if ((t !== 'normal' && t !== 'zero-alloc') || hasDataFile(s)) continue;
      const drc = await refcountOrUndefined(s, Math.floor(l2.offset(le) / cs));
      if (drc === undefined) continue;
      if ((drc === 1) === l2.copied(le)) continue;
      report(`${repair ? 'Repairing' : 'ERROR'} OFLAG_COPIED data cluster: l2_entry=${hex(entryValue(le))} refcount=${drc}`);
      if (repair) {
        setL2(s.geo, table, j, withCopied(le, drc === 1));
        dirty = true;
        out.corruptionsFixed++;
      } else out.corruptions++;
    }
    if (!dirty) continue;
    // Each repaired table goes back before the next is looked at, unless it would land on other
    // metadata: then the check stops there (the image is marked corrupt), as QEMU's does.
    try {
      await checkMetadataWrite(s, off, cs, 'active L2 table');
    } catch (err) {
      if (!(err instanceof BlockError)) throw err;
      report(`ERROR: Could not write L2 table; metadata overlap check failed: ${err.errnoText()}`);
      throw err;
    }
    // Straight to the file, as QEMU's check writes it (a cached table was changed in place and now matches).
    await s.file.write(off, table);
  }
}

/** `e` with the COPIED flag (bit 63) set or cleared, every other bit kept. */
function withCopied(e: RawEntry, copied: boolean): RawEntry {
  return { hi: copied ? (e.hi | 0x80000000) >>> 0 : e.hi & 0x7fffffff, lo: e.lo };
}

/**
 * Every check reads the snapshot table afresh from where the header on disk points, as QEMU's
 * does: the double check after a repair sees what the repair left (a freed table reads as zeroes).
 */
async function rereadSnapshotTable(s: Qcow2State): Promise<void> {
  const ptr = new DataView((await s.file.read(60, 12)).buffer);
  s.header.nbSnapshots = ptr.getUint32(0);
  s.header.snapshotsOffset = Number(ptr.getBigUint64(4));
  try {
    validateSnapshotTable(s.header, 'snapshot table');
    const snap = await loadSnapshots(s.file, s.header);
    s.snapshots = snap.entries;
    s.snapshotsBytes = snap.bytes;
    s.snapshotFault = undefined;
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    s.snapshotFault = e;
  }
}

/**
 * The snapshot table an image was opened with for check but could not take (see loadQcow2):
 * reported as QEMU's check reports it, and failing the check; only extra data past 1 KiB is
 * repaired (-r all drops it). Returns how many entries lost extra data.
 */
async function takeSnapshotTable(s: Qcow2State, fix: Fix, report: (line: string) => void): Promise<{ discarded: number; reduced: number }> {
  await rereadSnapshotTable(s);
  const fault = s.snapshotFault;
  if (!fault) return { discarded: 0, reduced: 0 };
  const nb = s.header.nbSnapshots;
  let reduced = 0;
  if (nb > LIMITS.maxSnapshots) {
    if (fix !== 'all') {
      report('qemu-img: ERROR snapshot table too large');
      report(`You can force-remove all ${nb - LIMITS.maxSnapshots} overhanging snapshots with qemu-img check -r all`);
      throw BlockError.io('EFBIG');
    }
    // -r all keeps the first 65536 entries; the table is then judged with that count.
    reduced = nb - LIMITS.maxSnapshots;
    report(`Discarding ${reduced} overhanging snapshots`);
    s.header.nbSnapshots = LIMITS.maxSnapshots;
    try {
      validateSnapshotTable(s.header, 'snapshot table');
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      report(`qemu-img: ERROR ${e.message}`);
      throw BlockError.io(e.errno);
    }
  } else if (fault.message.startsWith('snapshot table ')) {
    // Bounds faults carry check's own wording ("snapshot table offset invalid").
    report(`qemu-img: ERROR ${fault.message}`);
    throw BlockError.io(fault.errno);
  }
  const unreadable = (e: BlockError): BlockError => {
    report(`qemu-img: ERROR failed to read the snapshot table: ${e.message}`);
    return BlockError.io(e.errno);
  };
  if (fix !== 'all') throw unreadable(fault);
  let discarded = 0;
  try {
    const snap = await loadSnapshots(s.file, s.header, (i, size) => {
      report(`Discarding too much extra metadata in snapshot table entry ${i} (${size} > ${MAX_EXTRA_DATA})`);
      discarded++;
    });
    s.snapshots = snap.entries;
    s.snapshotsBytes = snap.bytes;
    s.snapshotFault = undefined;
  } catch (e) {
    throw e instanceof BlockError ? unreadable(e) : e;
  }
  if (reduced) {
    // The header's count follows at once (the refcount check goes by it); the dropped entries'
    // clusters become leaks that the check then repairs.
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, s.header.nbSnapshots);
    try {
      await s.file.write(60, count);
      await s.file.flush();
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      report(`ERROR failed to update the snapshot count in the image header: ${e.errnoText()}`);
      throw e;
    }
  }
  return { discarded, reduced };
}

export async function qcow2Check(node: BlockNode<Qcow2State>, fix: Fix, report: (line: string) => void): Promise<CheckResult> {
  const s = node.state;
  await flushCaches(s);
  const { discarded, reduced } = await takeSnapshotTable(s, fix, report);
  // Version 3 snapshot entries must carry at least the 64-bit VM state size and the disk size.
  const incomplete = s.header.version >= 3 ? s.snapshots.flatMap((e, i) => (e.extraSize < 16 ? [i] : [])) : [];
  for (const i of incomplete) report(`${fix === 'all' ? 'Repairing' : 'ERROR'} snapshot table entry ${i} is incomplete`);
  const r = await countReferences(s, report, fix);
  const out: CheckResult = {
    corruptions: r.corruptions, leaks: 0, checkErrors: r.checkErrors, corruptionsFixed: reduced + r.corruptionsFixed, leaksFixed: 0,
    imageEndOffset: 0, bfi: r.bfi,
  };
  // First report every mismatch; then, when asked to, repair in a second pass (QEMU's order of output).
  const before = { ...out };
  let { highest, rebuild } = await compareRefcounts(s, r, 'none', out, report);
  if (rebuild && fix === 'all') {
    report('Rebuilding refcount structure');
    const old = { ...out };
    await rebuildRefcounts(s, r.refs, report);
    const again = await countReferences(s, report, 'none', true);
    const scratch: CheckResult = { corruptions: 0, leaks: 0, checkErrors: 0, corruptionsFixed: 0, leaksFixed: 0, imageEndOffset: 0 };
    const second = await compareRefcounts(s, again, 'leaks', scratch, report);
    if (second.rebuild) report('ERROR rebuilt refcount structure is still broken');
    highest = second.highest;
    // As QEMU counts: what the recount still finds stays a corruption, the rest was fixed; leaks
    // are those the new structure itself left.
    out.corruptions = again.corruptions;
    out.leaks = scratch.leaks;
    out.corruptionsFixed += Math.max(0, old.corruptions - again.corruptions);
    out.leaksFixed += old.leaks;
  } else if (fix !== 'none') {
    if (rebuild) {
      report('ERROR need to rebuild refcount structures');
      out.checkErrors++;
      throw BlockError.io('EIO');
    }
    if (out.leaks || out.corruptions) {
      Object.assign(out, before);
      highest = (await compareRefcounts(s, r, fix, out, report)).highest;
    }
  }
  await checkCopied(s, fix, out, report);
  if ((incomplete.length || discarded) && fix === 'all') {
    // Rewritten whole, every entry with its full extra data (a new table; the old one is freed).
    try {
      await writeSnapshotTable(s, s.snapshots);
    } catch (e) {
      if (e instanceof BlockError) report(`ERROR failed to update snapshot table: ${e.errnoText()}`);
      throw e;
    }
    out.corruptionsFixed += incomplete.length + discarded;
  } else out.corruptions += incomplete.length;
  // A node a fatal corruption left driverless is never flushed again (nor at close): what its
  // caches still hold is lost, as in QEMU.
  if (!s.dead) await flushCaches(s);
  if (fix !== 'none' && !out.corruptions && !out.checkErrors) {
    // A clean bill of health after repair clears the dirty and corrupt bits.
    await markClean(s);
    if (s.header.incompatibleFeatures & BigInt(INCOMPAT_CORRUPT)) {
      s.header.incompatibleFeatures &= ~BigInt(INCOMPAT_CORRUPT);
      s.corrupt = false;
      await writeHeader(s);
    }
  }
  out.imageEndOffset = (highest + 1) * s.geo.clusterSize;
  return out;
}
