// After a shrink: refcount blocks that count nothing but themselves are unhooked and freed, as QEMU's qcow2_shrink_reftable().

import { hexAlt, signalCorruption } from './corruption.ts';
import { readEntry, reftable, writeEntry } from './entries.ts';
import { getRefcount, setRefcount } from './refblock.ts';
import { refblockOffsetFor } from './refcount.ts';
import { reftableEntries, type Qcow2State } from './state.ts';

/** Whether the refcount block at `offset` (table index `ti`) counts no cluster but (maybe) itself. */
async function unused(s: Qcow2State, offset: number, ti: number): Promise<boolean> {
  const g = s.geo;
  const block = s.refCache.peek(offset) ?? (await s.refCache.get(offset));
  const ci = offset / g.clusterSize;
  const own = Math.floor(ci / g.refblockEntries) === ti ? ci % g.refblockEntries : -1;
  for (let i = 0; i < g.refblockEntries; i++) if (i !== own && getRefcount(block, g.refcountOrder, i) !== 0) return false;
  return true;
}

/** Free the unhooked refcount block at `offset`: its own count drops to 0 and its cluster is discarded in the file. */
async function freeRefblock(s: Qcow2State, offset: number): Promise<void> {
  const g = s.geo;
  const ci = offset / g.clusterSize;
  const counting = refblockOffsetFor(s, ci);
  const block = s.refCache.peek(counting) ?? (await s.refCache.get(counting));
  const idx = ci % g.refblockEntries;
  const count = getRefcount(block, g.refcountOrder, idx);
  if (count !== 1) {
    throw await signalCorruption(s, `Invalid refcount: the refcount block at ${hexAlt(offset)} has refcount ${count}, expected 1`);
  }
  setRefcount(block, g.refcountOrder, idx, 0);
  s.refCache.markDirty(counting, block);
  if (ci < s.freeClusterIndex) s.freeClusterIndex = ci;
  s.refCache.discard(offset);
  await s.file.discard(offset, g.clusterSize);
}

/**
 * Rewrite the refcount table (one request, the whole table) without the blocks that count
 * nothing, then free those blocks. The table in memory drops them even when the write fails.
 */
export async function shrinkReftable(s: Qcow2State): Promise<void> {
  const n = reftableEntries(s);
  const table = new Uint8Array(s.header.refcountTableClusters * s.geo.clusterSize);
  table.set(s.reftable.subarray(0, table.length));
  const dropped: number[] = [];
  for (let i = 0; i < n; i++) {
    const offset = reftable.blockOffset(readEntry(s.reftable, i));
    if (!offset || !(await unused(s, offset, i))) continue;
    writeEntry(table, i, { hi: 0, lo: 0 });
    dropped.push(i);
  }
  let failure: unknown;
  try {
    await s.file.write(s.header.refcountTableOffset, table);
  } catch (e) {
    failure = e;
  }
  for (const i of dropped) {
    if (!failure) await freeRefblock(s, reftable.blockOffset(readEntry(s.reftable, i)));
    writeEntry(s.reftable, i, { hi: 0, lo: 0 });
    s.refblockScan = undefined;
  }
  if (failure) throw failure;
}
