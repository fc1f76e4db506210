// The block-dirty-bitmap-* operations (QEMU's QMP handlers qemu-img bitmap calls): add, remove, clear, enable, disable, merge.

import {
  MAX_BITMAP_NAME, checkUsable, findBitmap, newBitmap, nodeBitmaps, setRange, type DirtyBitmap,
} from './dirty-bitmap.ts';
import { BlockError } from './errors.ts';
import type { BlockNode } from './node.ts';

/** block_dirty_bitmap_lookup(). */
export function lookupBitmap(node: BlockNode, name: string): DirtyBitmap {
  const b = findBitmap(node, name);
  if (!b) throw new BlockError('ENOENT', `Dirty bitmap '${name}' not found`);
  return b;
}

/** bdrv_get_default_bitmap_granularity(): the cluster size kept within 4 KiB..64 KiB, else 64 KiB. */
function defaultGranularity(node: BlockNode): number {
  const cs = node.driver.getClusterSize?.(node);
  return cs ? Math.min(65536, Math.max(4096, cs)) : 65536;
}

/** `granularity` undefined means the default; given values are taken modulo 2^32, as QMP's uint32 does. */
export async function addBitmap(
  node: BlockNode, name: string, opts: { granularity?: number; persistent: boolean; disabled: boolean },
): Promise<void> {
  if (name === '') throw new BlockError('EINVAL', 'Bitmap name cannot be empty');
  let granularity = defaultGranularity(node);
  if (opts.granularity !== undefined) {
    granularity = opts.granularity % 2 ** 32;
    if (granularity < 512 || (granularity & (granularity - 1)) !== 0) {
      throw new BlockError('EINVAL', 'Granularity must be power of 2 and at least 512');
    }
  }
  if (opts.persistent) {
    if (!node.driver.canStoreNewDirtyBitmap) {
      throw BlockError.withErrno('ENOTSUP', `Can't store persistent bitmaps to ${node.nodeName}`);
    }
    await node.driver.canStoreNewDirtyBitmap(node, name, granularity);
  }
  if (findBitmap(node, name)) throw new BlockError('EEXIST', `Bitmap already exists: ${name}`);
  if (Buffer.byteLength(name, 'utf8') > MAX_BITMAP_NAME) throw new BlockError('EINVAL', `Bitmap name too long: ${name}`);
  const b = newBitmap(name, granularity, await node.driver.getLength(node));
  b.enabled = !opts.disabled;
  b.persistent = opts.persistent;
  nodeBitmaps(node).unshift(b);
}

/** qmp_block_dirty_bitmap_remove(): the stored copy goes at once; in-use (inconsistent) bitmaps may be removed. */
export async function removeBitmap(node: BlockNode, name: string): Promise<void> {
  const b = lookupBitmap(node, name);
  if (b.persistent) await node.driver.removePersistentDirtyBitmap?.(node, name);
  node.dirtyBitmaps = nodeBitmaps(node).filter((x) => x !== b);
}

export function clearBitmap(node: BlockNode, name: string): void {
  const b = lookupBitmap(node, name);
  checkUsable(b);
  b.bits.fill(0);
}

/** Enabling and disabling are allowed on read-only bitmaps (BDRV_BITMAP_ALLOW_RO), not on inconsistent ones. */
export function enableBitmap(node: BlockNode, name: string, enabled: boolean): void {
  const b = lookupBitmap(node, name);
  checkUsable({ ...b, readonly: false });
  b.enabled = enabled;
}

/** block_dirty_bitmap_merge(): OR `src` (a bitmap of `srcNode`) into `target`, whose granularity wins. */
export function mergeBitmap(node: BlockNode, target: string, srcNode: BlockNode, src: string): void {
  // QEMU's order: both looked up, then the target checked, then the source.
  const dst = lookupBitmap(node, target);
  const from = findBitmap(srcNode, src);
  if (!from) throw new BlockError('ENOENT', `Dirty bitmap '${src}' not found`);
  checkUsable(dst);
  // The source may be read-only (BDRV_BITMAP_ALLOW_RO).
  checkUsable({ ...from, readonly: false });
  if (from.size !== dst.size) {
    throw new BlockError(
      'EINVAL',
      `Bitmaps are of different sizes (destination size is ${dst.size}, source size is ${from.size}) and can't be merged`,
    );
  }
  const count = Math.ceil(from.size / from.granularity);
  for (let i = 0; i < count; i++) {
    if (from.bits[i >> 3]! & (1 << (i & 7))) setRange(dst, i * from.granularity, from.granularity);
  }
}
