// qemu-img measure for qcow2: metadata for a fully allocated image, and the data clusters a source really uses.

import type { MeasureInfo } from '../../block/driver.ts';
import { BDRV_BLOCK } from '../../block/driver.ts';
import { nodeBlockStatusAbove } from '../../block/block-status.ts';
import { nodeGetLength } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { BlockError } from '../../block/errors.ts';
import { LIMITS } from './constants.ts';
import { parseCreateParams } from './create-params.ts';
import { persistentBitmapsSize } from './bitmap-ops.ts';
import { refcountMetadataBytes } from './reftable-grow.ts';

const roundUp = (v: number, a: number): number => Math.ceil(v / a) * a;

/** Bytes of a qcow2 with every cluster of `size` allocated: header, L2 and L1 tables, refcounts, data. */
export function preallocatedSize(size: number, clusterSize: number, refcountOrder: number, l2EntrySize = 8): number {
  const data = roundUp(size, clusterSize);
  const l2Entries = roundUp(data / clusterSize, clusterSize / l2EntrySize);
  const l1Entries = roundUp((l2Entries * l2EntrySize) / clusterSize, clusterSize / 8);
  const meta = clusterSize + l2Entries * l2EntrySize + l1Entries * 8;
  return meta + refcountMetadataBytes((meta + data) / clusterSize, clusterSize, refcountOrder) + data;
}

/** Bytes of `source` in clusters that hold data (zero and unallocated areas need none). */
async function usedBytes(source: BlockNode, size: number, clusterSize: number): Promise<number> {
  let used = 0;
  for (let offset = 0; offset < size; ) {
    const r = await nodeBlockStatusAbove(source, null, false, true, offset, size - offset);
    let pnum = Math.max(r.pnum, 1);
    if (!(r.status & BDRV_BLOCK.ZERO) && (r.status & (BDRV_BLOCK.DATA | BDRV_BLOCK.ALLOCATED)) === (BDRV_BLOCK.DATA | BDRV_BLOCK.ALLOCATED)) {
      pnum = roundUp(offset + pnum, clusterSize) - offset;
      used += (offset % clusterSize) + pnum;
    }
    offset += pnum;
  }
  return used;
}

export async function qcow2Measure(options: Map<string, string>, source: BlockNode | undefined): Promise<MeasureInfo> {
  const p = parseCreateParams(options, true);
  const cs = 2 ** p.clusterBits;
  const size = roundUp(source ? await nodeGetLength(source) : p.size, cs);
  if (Math.ceil(size / cs / (cs / 8)) * 8 > LIMITS.maxL1Bytes) {
    throw new BlockError('EFBIG', 'The image size is too large (try using a larger cluster size)');
  }
  // With a backing file the target may share nothing with it: every cluster of a source is counted.
  const used = !source ? 0 : p.backingFile !== undefined ? size : await usedBytes(source, size, cs);
  const fullyAllocated = preallocatedSize(size, cs, p.refcountOrder, p.extendedL2 ? 16 : 8);
  // falloc/full preallocation makes every cluster count, data or not.
  const required = p.prealloc === 'falloc' || p.prealloc === 'full' ? fullyAllocated : fullyAllocated - size + used;
  const info: MeasureInfo = { required, fullyAllocated };
  if (source && p.version >= 3 && source.driver.supportsPersistentBitmaps?.(source)) info.bitmaps = persistentBitmapsSize(source, cs);
  return info;
}
