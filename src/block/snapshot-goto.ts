// bdrv_snapshot_goto(): apply an internal snapshot, falling back to the primary (`file`) child when the driver has none.

import { BlockError } from './errors.ts';
import type { BlockNode } from './node.ts';

/**
 * Revert `node` to snapshot `idOrName`. A driver without applySnapshot hands the request to its
 * `file` child and is then "reopened" (its open-time notices go to `report` again), whether the
 * child succeeded or not; with no child left the answer is ENOTSUP.
 */
export async function snapshotGoto(node: BlockNode, idOrName: string, report: (text: string) => void): Promise<void> {
  const drv = node.driver;
  // Refused while any dirty bitmap is attached, enabled or not.
  if (node.dirtyBitmaps?.length) throw new BlockError('EBUSY', 'Device has active dirty bitmaps');
  if (drv.applySnapshot) return drv.applySnapshot(node, idOrName);
  const file = node.children.get('file');
  if (!file) throw new BlockError('ENOTSUP', 'Block driver does not support snapshots');
  try {
    await snapshotGoto(file, idOrName, report);
  } finally {
    drv.reopenNotices?.(node, report);
  }
}
