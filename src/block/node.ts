// A node in the block graph: its driver, the driver's typed state, named children and open flags.

import type { BlockDriver, BlockLimits, QDict } from './driver.ts';
import type { DirtyBitmap } from './dirty-bitmap.ts';

/** How a node (and the children it opens) was asked to behave; mirrors QEMU's BDRV_O_* flags. */
export interface OpenFlags {
  readOnly: boolean;
  /** -U / force-share: open even when another process holds a lock. */
  forceShare: boolean;
  /** discard=unmap: discards and write-zeroes with MAY_UNMAP reach the protocol. */
  discardUnmap: boolean;
  /** cache.no-flush: flush requests succeed without doing anything. */
  noFlush: boolean;
  /** cache.direct: O_DIRECT on the file protocol. */
  cacheDirect: boolean;
  /** detect-zeroes=off|on|unmap. */
  detectZeroes: 'off' | 'on' | 'unmap';
  /** Do not open the backing file (qemu-img -u, BDRV_O_NO_BACKING). */
  noBacking: boolean;
  /** BDRV_O_CHECK: opened by qemu-img check; formats skip their automatic repair of dirty images. */
  check?: boolean;
  /** The backend's write cache is off (cache=writethrough, qemu-io's default): writes carry FUA. */
  writethrough?: boolean;
  /** BDRV_O_NO_IO: opened only to read metadata (qemu-img info); drivers may skip children only data I/O needs (qcow2's data file). */
  noIo?: boolean;
}

/** A child edge's role, as QEMU names them. */
export type ChildName = 'file' | 'backing' | 'raw' | 'test' | 'image' | string;

/**
 * An open node. The generic request path (io.ts) is the only caller of `driver`'s I/O
 * members; everything else (tools, other drivers) goes through io.ts with the node.
 */
export interface BlockNode<S = unknown> {
  readonly driver: BlockDriver<S>;
  /** The driver's own typed state, set by the open path from driver.open()'s result. */
  state: S;
  /** node-name (user given or QEMU-style generated "#block123"). */
  nodeName: string;
  /** bs->filename: what `image:` in qemu-img info shows (plain path, or json:{...} when not representable). */
  filename: string;
  /** The options this node was opened with (for json: pseudo-filenames and reopen). */
  options: QDict;
  flags: OpenFlags;
  /** Named children; a format's data lives in 'file', its backing chain in 'backing'. */
  children: Map<ChildName, BlockNode>;
  limits: BlockLimits;
  /** Backing file name as recorded in the image (bs->backing_file), '' if none. */
  backingFile: string;
  /** Backing format as recorded in the image (bs->backing_format), '' if none. */
  backingFormat: string;
  /** Set by a format when it marks the image corrupt: writes then fail with EIO. */
  corrupt?: boolean;
  /** Permissions the node's users hold (BLK_PERM_* bits in src/block/locks.ts), set by the open path. */
  perms?: { perm: number; shared: number };
  /** Writes finished on this node (bs->write_gen), and the count at the last successful flush. */
  writeGen?: number;
  flushedGen?: number;
  /** Dirty bitmaps attached here (newest first); every write-type request marks the enabled ones (dirty-bitmap.ts). */
  dirtyBitmaps?: DirtyBitmap[];
}
