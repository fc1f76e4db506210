// A refcount table and blocks laid out at a given host offset, sized exactly for a planned allocation (falloc/full preallocation).

import { BlockError } from '../../block/errors.ts';
import { LIMITS } from './constants.ts';
import { readEntry, reftable, writeEntry } from './entries.ts';
import { writeU64 } from './header.ts';
import { setRefcount } from './refblock.ts';
import { freeClusters } from './refcount.ts';
import { refcountMetadataFor } from './reftable-grow.ts';
import { reftableEntries, type Qcow2State } from './state.ts';

/**
 * Make the refcount structures cover everything up to `start` plus `additional` clusters: the
 * refcount blocks missing from `start` on are placed at `start`, followed by a new table of
 * exactly the needed size; all of them are counted. Returns the first host offset after them.
 */
export async function refcountArea(s: Qcow2State, start: number, additional: number): Promise<number> {
  const g = s.geo;
  const cs = g.clusterSize;
  const startCi = start / cs;
  const need = refcountMetadataFor(startCi + additional, g.refblockEntries, g.reftableEntriesPerCluster, false);
  const tableClusters = Math.max(need.tableClusters, s.header.refcountTableClusters);
  if (Math.max(need.blocks, need.tableClusters * g.reftableEntriesPerCluster) > LIMITS.maxReftableEntriesOnGrowth) {
    throw BlockError.io('EFBIG');
  }
  const table = new Uint8Array(tableClusters * cs);
  table.set(s.reftable.subarray(0, Math.min(s.reftable.length, table.length)));
  const areaIndex = Math.floor(startCi / g.refblockEntries);
  let next = start;
  const fresh = new Set<number>();
  for (let i = areaIndex; i < need.blocks; i++) {
    if (i < reftableEntries(s) && reftable.blockOffset(readEntry(s.reftable, i))) continue;
    writeEntry(table, i, reftable.make(next));
    fresh.add(next);
    next += cs;
  }
  const tableOffset = next;
  const end = tableOffset + tableClusters * cs;
  for (let i = areaIndex; i < need.blocks; i++) {
    const blockOffset = reftable.blockOffset(readEntry(table, i));
    const block = await s.refCache.get(blockOffset, fresh.has(blockOffset));
    const first = i * g.refblockEntries;
    for (let c = Math.max(first, startCi); c < Math.min(first + g.refblockEntries, end / cs); c++) {
      setRefcount(block, g.refcountOrder, c - first, 1);
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
  const old = { offset: s.header.refcountTableOffset, bytes: s.header.refcountTableClusters * cs };
  s.reftable = table;
  s.header.refcountTableOffset = tableOffset;
  s.header.refcountTableClusters = tableClusters;
  await freeClusters(s, old.offset, old.bytes);
  return end;
}
