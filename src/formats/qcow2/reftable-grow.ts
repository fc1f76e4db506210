// Growing the refcount table: a new, larger table plus the refcount blocks that describe it, placed where nothing is counted yet.

import { BlockError } from '../../block/errors.ts';
import { LIMITS } from './constants.ts';
import { readEntry, reftable, writeEntry } from './entries.ts';
import { writeU64 } from './header.ts';
import { setRefcount } from './refblock.ts';
import { freeClusters } from './refcount.ts';
import { reftableEntries, type Qcow2State } from './state.ts';

/**
 * The table is too small to hook up the refcount block `newCi` made for cluster `ci` (table
 * index `ti`). Lay out, from the first host cluster no existing block covers: the refcount
 * blocks that area needs, then a table half again as large as necessary; count them all in the
 * new blocks, write blocks, table and header, switch over, and free the old table.
 */
export async function growReftable(s: Qcow2State, ci: number, newCi: number, ti: number): Promise<void> {
  const g = s.geo;
  const cs = g.clusterSize;
  const blocksUsed = Math.ceil((Math.max(ci, newCi) + 1) / g.refblockEntries);
  const areaStartCi = blocksUsed * g.refblockEntries;
  const need = refcountMetadataFor(areaStartCi, g.refblockEntries, g.reftableEntriesPerCluster);
  const tableClusters = need.tableClusters;
  let totalBlocks = need.blocks;
  // The enlarged table must still be counted by the new blocks.
  while ((totalBlocks * g.refblockEntries) < areaStartCi + (totalBlocks - blocksUsed) + tableClusters) totalBlocks++;
  if (Math.max(need.blocks, tableClusters * g.reftableEntriesPerCluster) > LIMITS.maxReftableEntriesOnGrowth) throw BlockError.io('EFBIG');
  await s.file.event('reftable_grow');

  const table = new Uint8Array(tableClusters * cs);
  table.set(s.reftable);
  writeEntry(table, ti, reftable.make(newCi * cs));
  const newBlocks = totalBlocks - blocksUsed;
  const tableOffset = (areaStartCi + newBlocks) * cs;
  const endCi = areaStartCi + newBlocks + tableClusters;
  for (let b = blocksUsed; b < totalBlocks; b++) {
    const blockOffset = (areaStartCi + (b - blocksUsed)) * cs;
    writeEntry(table, b, reftable.make(blockOffset));
    const block = await s.refCache.get(blockOffset, true);
    for (let c = Math.max(b * g.refblockEntries, areaStartCi); c < Math.min((b + 1) * g.refblockEntries, endCi); c++) {
      setRefcount(block, g.refcountOrder, c % g.refblockEntries, 1);
    }
    s.refCache.markDirty(blockOffset, block);
  }
  await s.file.event('refblock_alloc_write_blocks');
  await s.refCache.flush();
  await s.file.event('refblock_alloc_write_table');
  await s.file.write(tableOffset, table);

  const hdr = new Uint8Array(12);
  const view = new DataView(hdr.buffer);
  writeU64(view, 0, tableOffset);
  view.setUint32(8, tableClusters);
  await s.file.event('refblock_alloc_switch_table');
  await s.file.write(48, hdr);

  const oldOffset = s.header.refcountTableOffset;
  const oldBytes = s.header.refcountTableClusters * cs;
  s.reftable = table;
  s.header.refcountTableOffset = tableOffset;
  s.header.refcountTableClusters = tableClusters;
  // The old table's clusters become free: the allocator's next search starts there again.
  if (oldBytes > 0) await freeClusters(s, oldOffset, oldBytes);
}

/**
 * Refcount blocks and table clusters needed so that `clusters` host clusters plus those blocks
 * and table clusters are all counted (a fixed point), with some slack for growth: once stable,
 * half the table size more clusters are provided for, as QEMU does.
 */
export function refcountMetadataFor(
  clusters: number, perBlock: number, perTableCluster: number, generous = true,
): { blocks: number; tableClusters: number } {
  let blocks = 0;
  let table = 0;
  let slack = generous;
  for (let last = -1, n = 0; ; last = n) {
    blocks = Math.ceil((clusters + table + blocks) / perBlock);
    table = Math.ceil(blocks / perTableCluster);
    n = clusters + blocks + table;
    if (n !== last) continue;
    if (!slack) break;
    clusters += Math.ceil(table / 2);
    slack = false;
    n = -2;
  }
  // A growing table gets half again as many entries as there are blocks; an exact one just enough.
  const entries = generous ? Math.ceil((blocks * 3) / 2) : blocks;
  return { blocks, tableClusters: Math.ceil(entries / perTableCluster) };
}

/** Bytes of refcount blocks and table that count `clusters` clusters and themselves (no growth slack). */
export function refcountMetadataBytes(clusters: number, clusterSize: number, refcountOrder: number): number {
  const perBlock = (clusterSize * 8) / 2 ** refcountOrder;
  const perTable = clusterSize / 8;
  let blocks = 0;
  let table = 0;
  for (let last = -1, n = 0; n !== last; ) {
    last = n;
    blocks = Math.ceil((clusters + table + blocks) / perBlock);
    table = Math.ceil(blocks / perTable);
    n = clusters + blocks + table;
  }
  return (blocks + table) * clusterSize;
}

/** Whether any refcount-table entry is in use past `entries` (used by shrinking code and checks). */
export function lastUsedReftableIndex(s: Qcow2State): number {
  for (let i = reftableEntries(s) - 1; i >= 0; i--) if (reftable.blockOffset(readEntry(s.reftable, i))) return i;
  return -1;
}
