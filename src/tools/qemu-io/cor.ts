// -C copy-on-read: reads first copy the clusters they touch from the backing chain into the top image.

import type { BlockBackend } from '../../block/api.ts';
import { isZeroRange } from '../../util/zero.ts';

/** The byte qemu-io fills its read buffers with before reading. */
const READ_BUFFER_FILL = 0xab;

/** Largest chunk copied at once (QEMU's COR bounce buffer limit). */
const MAX_COR_CHUNK = 1 << 20;

/**
 * bdrv_co_do_copy_on_readv(): widen [offset, offset+bytes) to whole clusters and write every part
 * the top layer does not allocate with what the chain reads there (zero writes for zeroes).
 * A read-only image is left alone.
 */
async function copyOnRead(blk: BlockBackend, offset: number, bytes: number): Promise<void> {
  const root = blk.root;
  if (root.flags.readOnly || bytes === 0) return;
  const cluster = root.driver.getClusterSize?.(root) || root.limits.requestAlignment || 1;
  const length = await blk.getLength();
  const start = Math.floor(offset / cluster) * cluster;
  const end = Math.min(length, Math.ceil((offset + bytes) / cluster) * cluster);
  for (let pos = start; pos < end; ) {
    const r = await blk.isAllocated(pos, Math.min(end - pos, MAX_COR_CHUNK));
    if (r.pnum === 0) break;
    if (!r.allocated) {
      const data = await blk.read(pos, r.pnum);
      if (isZeroRange(data)) await blk.writeZeroes(pos, r.pnum);
      else await blk.write(pos, data);
    }
    pos += r.pnum;
  }
}

/** blk_pread() as the session opened the image: with copy-on-read when -C was given. */
export async function readImage(blk: BlockBackend, copyOnReadEnabled: boolean, offset: number, bytes: number): Promise<Uint8Array> {
  if (copyOnReadEnabled) {
    // Out-of-range requests fail as plain reads do, before anything is copied.
    const length = await blk.getLength();
    if (offset <= length && length - offset >= bytes) await copyOnRead(blk, offset, bytes);
  }
  // qemu_io_alloc() fills read buffers with 0xab; drivers that read nothing leave that visible.
  const buf = new Uint8Array(bytes).fill(READ_BUFFER_FILL);
  await blk.readInto(offset, buf);
  return buf;
}
