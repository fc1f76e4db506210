// blkdebug's named events (QAPI BlkdebugEvent) and the hook through which format drivers raise them.

import type { BlockNode } from './node.ts';

/** Every BlkdebugEvent of qapi/block-core.json, in QAPI order. */
export const BLKDEBUG_EVENTS = [
  'l1_update', 'l1_grow_alloc_table', 'l1_grow_write_table', 'l1_grow_activate_table',
  'l2_load', 'l2_update', 'l2_update_compressed', 'l2_alloc_cow_read', 'l2_alloc_write',
  'read_aio', 'read_backing_aio', 'read_compressed', 'write_aio', 'write_compressed',
  'vmstate_load', 'vmstate_save', 'cow_read', 'cow_write',
  'reftable_load', 'reftable_grow', 'reftable_update',
  'refblock_load', 'refblock_update', 'refblock_update_part', 'refblock_alloc',
  'refblock_alloc_hookup', 'refblock_alloc_write', 'refblock_alloc_write_blocks',
  'refblock_alloc_write_table', 'refblock_alloc_switch_table',
  'cluster_alloc', 'cluster_alloc_bytes', 'cluster_free', 'flush_to_os', 'flush_to_disk',
  'pwritev_rmw_head', 'pwritev_rmw_after_head', 'pwritev_rmw_tail', 'pwritev_rmw_after_tail',
  'pwritev', 'pwritev_zero', 'pwritev_done', 'empty_image_prepare',
  'l1_shrink_write_table', 'l1_shrink_free_l2_clusters', 'cor_write', 'cluster_alloc_space', 'none',
] as const;

export type BlkdebugEvent = (typeof BLKDEBUG_EVENTS)[number];

/**
 * A driver that reacts to events (blkdebug) implements this on its driver object; the state it
 * changes (rule state, armed breakpoints) lives in its node state, never in a module global.
 */
export interface DebugEventSink {
  debugEvent(node: BlockNode, event: BlkdebugEvent): Promise<void>;
}

/**
 * Raise `event` on `child` (QEMU's BLKDBG_EVENT(bs->file, ev)): format drivers call this with
 * their `file` child at the points QEMU does. Costs one property check when the child's driver
 * does not listen, so it is free when no blkdebug node is in the graph.
 */
export function raiseEvent(child: BlockNode | null | undefined, event: BlkdebugEvent): Promise<void> | void {
  if (!child) return;
  const sink = child.driver as unknown as Partial<DebugEventSink>;
  if (typeof sink.debugEvent === 'function') return sink.debugEvent(child, event);
}
