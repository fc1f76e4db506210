// Dirty bitmaps attached to a node (QEMU's BdrvDirtyBitmap): one bit per granularity chunk, set by every write, zero-write and discard.

import { BlockError } from './errors.ts';
import type { BlockNode } from './node.ts';

/** Bitmap names are at most 1023 bytes (BDRV_BITMAP_MAX_NAME_SIZE). */
export const MAX_BITMAP_NAME = 1023;

/**
 * A dirty bitmap. `bits` holds one bit per `granularity` bytes of the node, little-endian within
 * each byte (bit i is byte i>>3, bit i&7): the layout qcow2 stores, so (de)serialising is a copy.
 */
export interface DirtyBitmap {
  name: string;
  granularity: number;
  /** The node length the bitmap covers (bits = ceil(size / granularity)). */
  size: number;
  bits: Uint8Array;
  /** Disabled bitmaps ignore writes. */
  enabled: boolean;
  /** Stored by the format driver when the image is closed. */
  persistent: boolean;
  /** Loaded from an image opened read-only: cannot be modified. */
  readonly: boolean;
  /** Loaded with the in-use flag (its writer crashed): unusable until removed. */
  inconsistent: boolean;
}

/** Bytes needed for `size` bytes of node at `granularity`. */
export function bitmapBytes(size: number, granularity: number): number {
  return Math.ceil(Math.ceil(size / granularity) / 8);
}

export function newBitmap(name: string, granularity: number, size: number): DirtyBitmap {
  return {
    name, granularity, size, bits: new Uint8Array(bitmapBytes(size, granularity)),
    enabled: true, persistent: false, readonly: false, inconsistent: false,
  };
}

/** The node's bitmaps, newest first (QEMU's list order); created on first use. */
export function nodeBitmaps(node: BlockNode): DirtyBitmap[] {
  node.dirtyBitmaps ??= [];
  return node.dirtyBitmaps;
}

export function findBitmap(node: BlockNode, name: string): DirtyBitmap | undefined {
  return node.dirtyBitmaps?.find((b) => b.name === name);
}

/** Set the bits covering [offset, offset+bytes) (clamped to the bitmap's size). */
export function setRange(b: DirtyBitmap, offset: number, bytes: number): void {
  const end = Math.min(offset + bytes, b.size);
  if (bytes <= 0 || offset >= end) return;
  const first = Math.floor(offset / b.granularity);
  const last = Math.floor((end - 1) / b.granularity);
  for (let i = first; i <= last; i++) b.bits[i >> 3]! |= 1 << (i & 7);
}

/** bdrv_set_dirty(): a write-type request on `node` finished (successfully or not). */
export function markDirty(node: BlockNode, offset: number, bytes: number): void {
  for (const b of node.dirtyBitmaps ?? []) if (b.enabled) setRange(b, offset, bytes);
}

/** Number of set bits (for tests and summaries). */
export function dirtyCount(b: DirtyBitmap): number {
  let n = 0;
  for (const byte of b.bits) for (let v = byte; v; v &= v - 1) n++;
  return n;
}

/** Resize to a new node length: bits past the old end start clear, bits past the new end are dropped. */
export function resizeBitmap(b: DirtyBitmap, size: number): void {
  const bits = new Uint8Array(bitmapBytes(size, b.granularity));
  bits.set(b.bits.subarray(0, bits.length));
  const count = Math.ceil(size / b.granularity);
  // Clear the unused high bits of the last byte.
  if (count % 8 && bits.length) bits[bits.length - 1]! &= (1 << (count % 8)) - 1;
  b.bits = bits;
  b.size = size;
}

/** bdrv_dirty_bitmap_check() with BDRV_BITMAP_DEFAULT: a bitmap an operation may change. */
export function checkUsable(b: DirtyBitmap): void {
  if (b.readonly) throw new BlockError('EPERM', `Bitmap '${b.name}' is readonly and cannot be modified`);
  if (b.inconsistent) {
    throw new BlockError('EPERM', `Bitmap '${b.name}' is inconsistent and cannot be used\nTry block-dirty-bitmap-remove to delete this bitmap from disk`);
  }
}
