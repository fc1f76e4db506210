// Resizing an image with persistent bitmaps: every stored bitmap must be loaded and usable, then all follow the new size.

import { checkUsable, resizeBitmap } from '../../block/dirty-bitmap.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { readBitmapList } from './bitmap-load.ts';
import type { Qcow2State } from './state.ts';

/**
 * qcow2_truncate_bitmaps_check(): in directory order, each stored bitmap must be in memory and
 * neither read-only nor inconsistent (a crashed writer's bitmap blocks resizing until removed).
 */
export async function truncateBitmapsCheck(node: BlockNode, s: Qcow2State): Promise<void> {
  for (const e of await readBitmapList(s)) {
    const b = node.dirtyBitmaps?.find((x) => x.name === e.name);
    if (!b) throw new BlockError('EINVAL', 'Cannot resize qcow2 with persistent bitmaps that were not loaded into memory');
    checkUsable(b);
  }
}

/** After a resize, every bitmap covers the new length. */
export function resizeBitmaps(node: BlockNode, size: number): void {
  for (const b of node.dirtyBitmaps ?? []) resizeBitmap(b, size);
}
