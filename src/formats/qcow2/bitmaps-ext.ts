// A bitmaps header extension whose autoclear bit is clear: a bitmap-unaware writer touched the image, so QEMU discards the bitmaps.

import type { OpenContext } from '../../block/driver.ts';
import { AUTOCLEAR_BITMAPS, EXT_BITMAPS } from './constants.ts';
import { writeHeader } from './meta.ts';
import type { Qcow2State } from './state.ts';

/**
 * On any open QEMU warns (and error_printf()s its leak hint, without a newline) when the bitmaps
 * extension is present but its autoclear bit is not; a writable open then drops the extension
 * from the header, as QEMU does since it never loads it.
 */
export async function dropStaleBitmaps(s: Qcow2State, ctx: OpenContext): Promise<void> {
  if (!s.ext.opaque.some((o) => o.type === EXT_BITMAPS)) return;
  if (s.header.autoclearFeatures & BigInt(AUTOCLEAR_BITMAPS)) return;
  s.staleBitmaps = true;
  ctx.warn?.(
    s.header.version < 3
      ? 'This qcow2 v2 image contains bitmaps, but they may have been modified by a program without persistent bitmap support; so now they must all be considered inconsistent'
      : 'a program lacking bitmap support modified this file, so all bitmaps are now considered inconsistent',
  );
  ctx.errorPrintf?.("Some clusters may be leaked, run 'qemu-img check -r' on the image file to fix.");
  if (s.readOnly) return;
  s.ext.opaque = s.ext.opaque.filter((o) => o.type !== EXT_BITMAPS);
  await writeHeader(s);
}
