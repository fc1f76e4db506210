// qcow2's dirty-bitmap driver members: may a new bitmap be stored, and the room bitmaps take for measure.

import { bitmapBytes } from '../../block/dirty-bitmap.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { BITMAP_LIMITS, dirEntrySize } from './bitmap-dir.ts';
import { bitmapsExt } from './bitmap-load.ts';
import type { Qcow2State } from './state.ts';

/** check_constraints_on_bitmap(): what a bitmap of this name and granularity needs; the reason, or undefined. */
function constraintError(s: Qcow2State, name: string, granularity: number): string | undefined {
  const bits = Math.log2(granularity);
  const len = s.header.size;
  if (bits > BITMAP_LIMITS.maxGranularityBits) return `Granularity exceeds maximum (${2 ** BITMAP_LIMITS.maxGranularityBits} bytes)`;
  if (bits < BITMAP_LIMITS.minGranularityBits) return `Granularity is under minimum (${2 ** BITMAP_LIMITS.minGranularityBits} bytes)`;
  if (len > BITMAP_LIMITS.maxPhysSize * granularity || len > BITMAP_LIMITS.maxTableSize * s.geo.clusterSize * granularity) {
    return 'Too much space will be occupied by the bitmap. Use larger granularity';
  }
  if (Buffer.byteLength(name, 'utf8') > BITMAP_LIMITS.maxNameSize) {
    return `Name length exceeds maximum (${BITMAP_LIMITS.maxNameSize} characters)`;
  }
  return undefined;
}

/** qcow2_co_can_store_new_dirty_bitmap(). */
export async function canStoreNewBitmap(node: BlockNode<Qcow2State>, name: string, granularity: number): Promise<void> {
  const s = node.state;
  const ext = bitmapsExt(s);
  let why: string | undefined;
  if (s.header.version < 3) why = 'Cannot store dirty bitmaps in qcow2 v2 files';
  else why = constraintError(s, name, granularity);
  if (!why && ext) {
    if (ext.nbBitmaps >= BITMAP_LIMITS.maxBitmaps) why = 'Maximum number of persistent bitmaps is already reached';
    else if (ext.directorySize + dirEntrySize(Buffer.byteLength(name, 'utf8'), 0) > BITMAP_LIMITS.maxDirectorySize) {
      why = 'Not enough space in the bitmap directory';
    }
  }
  if (why) throw new BlockError('EINVAL', `Can't make bitmap '${name}' persistent in '${node.nodeName}': ${why}`);
}

/**
 * qcow2_get_persistent_dirty_bitmap_size(): room the source's persistent bitmaps take in a new
 * image of `clusterSize` (every bitmap cluster allocated, its table, the directory).
 */
export function persistentBitmapsSize(source: BlockNode, clusterSize: number): number {
  const round = (n: number): number => Math.ceil(n / clusterSize) * clusterSize;
  let total = 0;
  let dir = 0;
  for (const b of source.dirtyBitmaps ?? []) {
    if (!b.persistent) continue;
    const clusters = Math.ceil(bitmapBytes(b.size, b.granularity) / clusterSize);
    total += clusters * clusterSize + round(clusters * 8);
    dir += dirEntrySize(Buffer.byteLength(b.name, 'utf8'), 0);
  }
  return total + round(dir);
}
