// qemu-img amend -o refcount_bits: new refcount structures of the new width, placed and filled as QEMU's qcow2_change_refcount_order() does.
//
// Contract: walks over the old refcount table (every entry, refcounts read live from the old
// refblocks, so clusters allocated during a walk count in the same walk). A first kind of walk
// allocates, in the old structures, one cluster per non-empty new refblock as each new block's
// range completes, then (when anything was allocated) frees the previous new table and allocates
// one for the current size; it repeats until a walk allocates nothing. A last walk writes the new
// refblocks, then the new table is written, the header switched, and the old blocks and table
// freed in the new structures. The walks report progress as QEMU's (walk index of total walks).

import { BlockError } from '../../block/errors.ts';
import { hexAlt, signalCorruption } from './corruption.ts';
import { readEntry, reftable, writeEntry } from './entries.ts';
import { makeGeometry } from './geometry.ts';
import { writeHeader } from './meta.ts';
import { checkDataWrite } from './overlap.ts';
import { allocClusters, freeClusters } from './refcount.ts';
import { getRefcount, setRefcount } from './refblock.ts';
import { reftableEntries, type Qcow2State } from './state.ts';

/** QCOW_MAX_REFTABLE_SIZE: the largest refcount table QEMU makes (8 MiB). */
const MAX_REFTABLE_BYTES = 8 * 1024 * 1024;

/** Progress of one walk: (done, total) in old-reftable entries over all walks. */
export type OrderStatus = (done: number, total: number) => void;

/** The new structures being built: table entries (host offsets, 0 = none) and where the table is. */
interface NewTable {
  entries: number[];
  /** Entries the table has room for (a multiple of a cluster's worth). */
  size: number;
  offset: number;
  allocatedSize: number;
}

/** What a walk does with each completed new refblock (its index and contents, or only whether it is empty). */
type BlockOp = (index: number, block: Uint8Array | undefined, empty: boolean) => Promise<void>;

async function failWith<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof BlockError ? e.prepend(`${what}: `) : e;
  }
}

/**
 * One walk over the old refcount table, handing each completed range of `newEntries` refcounts
 * to `op` (with the refcounts in a block of the new width when `fill`). A refcount too wide for
 * `newOrder` fails the walk, naming the first such cluster.
 */
async function walk(
  s: Qcow2State, newOrder: number, newEntries: number, fill: boolean, op: BlockOp,
  status: OrderStatus | undefined, index: number, total: number,
): Promise<void> {
  const cs = s.geo.clusterSize;
  const block = fill ? new Uint8Array(cs) : undefined;
  let newIndex = 0;
  let inBlock = 0;
  let empty = true;
  const complete = async (): Promise<void> => {
    await op(newIndex++, block, empty);
    inBlock = 0;
    empty = true;
    block?.fill(0);
  };
  const newBits = 2 ** newOrder;
  for (let ti = 0; ti < reftableEntries(s); ti++) {
    const size = reftableEntries(s);
    status?.(index * size + ti, total * size);
    const off = reftable.blockOffset(readEntry(s.reftable, ti));
    if (off && off % cs) {
      await signalCorruption(s, `Refblock offset ${hexAlt(off)} unaligned (reftable index: ${hexAlt(ti)})`);
      throw new BlockError('EIO', 'Image is corrupt (unaligned refblock offset)');
    }
    if (!off) {
      // No refblock: all its refcounts are 0, taken a new block's worth at a time.
      for (let left = s.geo.refblockEntries; left > 0; ) {
        if (inBlock >= newEntries) await complete();
        const take = Math.min(left, newEntries - inBlock);
        inBlock += take;
        left -= take;
      }
      continue;
    }
    const old = await failWith('Failed to retrieve refblock', () => s.refCache.get(off));
    for (let i = 0; i < s.geo.refblockEntries; i++) {
      if (inBlock >= newEntries) await complete();
      const r = getRefcount(old, s.geo.refcountOrder, i);
      if (newBits < 64 && r >= 2 ** newBits) {
        const at = (ti * s.geo.refblockEntries + i) * cs;
        throw new BlockError('EINVAL', `Cannot decrease refcount entry width to ${newBits} bits: Cluster at offset ${hexAlt(at)} has a refcount of ${r}`);
      }
      if (block && r) setRefcount(block, newOrder, inBlock, r);
      inBlock++;
      empty &&= r === 0;
    }
  }
  if (inBlock > 0) await complete();
  const size = reftableEntries(s);
  status?.((index + 1) * size, total * size);
}

/** alloc_refblock(): a cluster for each non-empty new refblock that has none yet, the table grown to hold it. */
function allocOp(s: Qcow2State, t: NewTable, allocated: { any: boolean }): BlockOp {
  const perCluster = s.geo.clusterSize / 8;
  return async (index, _block, empty) => {
    if (empty) return;
    if (index >= t.size) {
      const size = Math.ceil((index + 1) / perCluster) * perCluster;
      if (size * 8 > MAX_REFTABLE_BYTES) {
        throw new BlockError('ENOTSUP', 'This operation would make the refcount table grow beyond the maximum size supported by QEMU, aborting');
      }
      t.size = size;
    }
    if (!t.entries[index]) {
      t.entries[index] = await failWith('Failed to allocate refblock', () => allocClusters(s, 1));
      allocated.any = true;
    }
  };
}

/** flush_refblock(): write each new refblock where the table says. */
function flushOp(s: Qcow2State, t: NewTable): BlockOp {
  const cs = s.geo.clusterSize;
  return async (index, block) => {
    const at = index < t.size ? t.entries[index] : 0;
    if (!at) return;
    await failWith('Overlap check failed', async () => checkDataWrite(s, at, cs));
    await failWith('Failed to write refblock', () => s.file.write(at, block!));
  };
}

/** Change the image's refcount width to 2^`order` bits. */
export async function changeRefcountOrder(s: Qcow2State, order: number, status?: OrderStatus): Promise<void> {
  const cs = s.geo.clusterSize;
  const newEntries = (cs * 8) / 2 ** order;
  const t: NewTable = { entries: [], size: 0, offset: 0, allocatedSize: 0 };
  let walkIndex = 0;
  try {
    for (;;) {
      const allocated = { any: false };
      const total = Math.max(walkIndex + 2, 3);
      await walk(s, order, newEntries, false, allocOp(s, t, allocated), status, walkIndex++, total);
      if (!allocated.any) break;
      if (t.offset) await freeClusters(s, t.offset, t.allocatedSize * 8, 'never');
      t.offset = await failWith('Failed to allocate the new reftable', () => allocClusters(s, Math.ceil((t.size * 8) / cs)));
      t.allocatedSize = t.size;
    }
    await walk(s, order, newEntries, true, flushOp(s, t), status, walkIndex, walkIndex + 1);
    const table = new Uint8Array(t.size * 8);
    for (let i = 0; i < t.size; i++) if (t.entries[i]) writeEntry(table, i, reftable.make(t.entries[i]!));
    await failWith('Overlap check failed', async () => checkDataWrite(s, t.offset, table.length));
    await failWith('Failed to write the new reftable', () => s.file.write(t.offset, table));
    await failWith('Failed to flush the refblock cache', () => s.refCache.flush());
    const old = { table: s.reftable, offset: s.header.refcountTableOffset, geo: s.geo, order: s.header.refcountOrder };
    s.header.refcountOrder = order;
    s.header.refcountTableOffset = t.offset;
    s.header.refcountTableClusters = (t.size * 8) / cs;
    try {
      await writeHeader(s);
    } catch (e) {
      s.header.refcountOrder = old.order;
      s.header.refcountTableOffset = old.offset;
      s.header.refcountTableClusters = old.table.length / cs;
      throw e instanceof BlockError ? e.prepend('Failed to update the qcow2 header: ') : e;
    }
    s.refCache.clear();
    s.reftable = table;
    s.geo = makeGeometry(s.geo.clusterBits, order, s.geo.extendedL2);
    // What remains to free is the old structures, now counted in the new ones.
    t.entries = [];
    t.size = old.table.length / 8;
    for (let i = 0; i < t.size; i++) t.entries[i] = reftable.blockOffset(readEntry(old.table, i));
    t.offset = old.offset;
    t.allocatedSize = t.size;
  } finally {
    // On failure these are the new structures allocated so far; on success the old ones.
    for (let i = 0; i < t.size; i++) if (t.entries[i]) await freeClusters(s, t.entries[i]!, cs, 'other');
    if (t.offset > 0) await freeClusters(s, t.offset, t.allocatedSize * 8, 'other');
  }
}
