// Growing the active L1 table into newly allocated clusters (QEMU's exact-size L1 growth on resize and create).

import { BlockError } from '../../block/errors.ts';
import { LIMITS } from './constants.ts';
import { writeU64 } from './header.ts';
import { allocClusters, freeClusters } from './refcount.ts';
import { flushCaches, l1Entries, type Qcow2State } from './state.ts';

/** Grow the L1 table to hold index `minEntries - 1` by steps of half its size (writes to the VM state area). */
export function growL1ForWrite(s: Qcow2State, minEntries: number): Promise<void> | undefined {
  let size = l1Entries(s);
  if (minEntries <= size) return undefined;
  size = Math.max(size, 1);
  while (size < minEntries) size = Math.ceil((size * 3) / 2);
  return growL1(s, size);
}

/** Make the L1 table exactly `entries` long when it is shorter: new clusters, copy, switch the header, free the old table. */
export async function growL1(s: Qcow2State, entries: number): Promise<void> {
  const old = l1Entries(s);
  if (entries <= old) return;
  if (entries * 8 > LIMITS.maxL1Bytes) throw BlockError.io('EFBIG');
  const cs = s.geo.clusterSize;
  await s.file.event('l1_grow_alloc_table');
  const bytes = entries * 8;
  const offset = await allocClusters(s, Math.ceil(bytes / cs));
  const table = new Uint8Array(bytes);
  table.set(s.l1);
  await flushCaches(s);
  await s.file.event('l1_grow_write_table');
  await s.file.write(offset, table);
  const hdr = new Uint8Array(12);
  const view = new DataView(hdr.buffer);
  view.setUint32(0, entries);
  writeU64(view, 4, offset);
  await s.file.event('l1_grow_activate_table');
  await s.file.write(36, hdr);
  const oldOffset = s.header.l1TableOffset;
  s.l1 = table;
  s.header.l1Size = entries;
  s.header.l1TableOffset = offset;
  if (old > 0) await freeClusters(s, oldOffset, old * 8);
}
