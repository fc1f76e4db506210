// qemu-img convert --bitmaps: refuse inconsistent source bitmaps up front, copy the persistent ones after the data.

import { addBitmap, mergeBitmap, removeBitmap } from '../../block/bitmap-qmp.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { ExitStatus, type ImgContext } from './context.ts';

/** convert_check_bitmaps() after "Source lacks bitmap support": an inconsistent bitmap stops the copy unless skipped. */
export function checkSourceBitmaps(ctx: ImgContext, src: BlockNode, skipBroken: boolean): void {
  if (skipBroken) return;
  for (const b of src.dirtyBitmaps ?? []) {
    if (!b.persistent || !b.inconsistent) continue;
    ctx.error(`Cannot copy inconsistent bitmap '${b.name}'`);
    ctx.errRaw("Try --skip-broken-bitmaps, or use 'qemu-img bitmap --remove' to delete it\n");
    throw new ExitStatus(1);
  }
}

/** convert_copy_bitmaps(): each persistent bitmap (newest first) is created on the target and filled from the source. */
export async function copyBitmaps(ctx: ImgContext, src: BlockNode, dst: BlockNode, skipBroken: boolean): Promise<void> {
  for (const b of src.dirtyBitmaps ?? []) {
    if (!b.persistent) continue;
    if (skipBroken && b.inconsistent) {
      ctx.warn(`Skipping inconsistent bitmap '${b.name}'`);
      continue;
    }
    try {
      await addBitmap(dst, b.name, { granularity: b.granularity, persistent: true, disabled: !b.enabled });
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      ctx.error(`Failed to create bitmap ${b.name}: ${e.message}`);
      throw new ExitStatus(1);
    }
    try {
      mergeBitmap(dst, b.name, src, b.name);
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      ctx.error(`Failed to populate bitmap ${b.name}: ${e.message}`);
      await removeBitmap(dst, b.name).catch(() => undefined);
      throw new ExitStatus(1);
    }
  }
}
