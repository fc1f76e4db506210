// The error text for -l (load an internal snapshot temporarily): no format implements internal snapshots yet.

import type { BlockNode } from '../../block/node.ts';

/** What bdrv_snapshot_load_tmp reports for `node` (after "Failed to load snapshot: "). */
export function snapshotRefusal(node: BlockNode): string {
  if (node.driver.formatName === 'qcow2') return "Can't find snapshot";
  return `Block format '${node.driver.formatName}' used by device '' does not support temporarily loading internal snapshots`;
}
