// -C copy-on-read: reads first copy the clusters they touch from the backing chain into the top image.

import type { BlockBackend } from '../../block/api.ts';
import { nodeCopyOnReadWrite } from '../../block/io.ts';

/** The byte qemu-io fills its read buffers with before reading. */
const READ_BUFFER_FILL = 0xab;

/** Largest chunk copied at once (QEMU's MAX_BOUNCE_BUFFER: one cor_write per chunk). */
const MAX_COR_CHUNK = 16 * 1024 * 1024;

/**
 * bdrv_aligned_preadv() with BDRV_REQ_COPY_ON_READ: a request the top layer allocates whole is
 * read plainly. Else bdrv_co_do_copy_on_readv(): widen [offset, offset+bytes) to whole clusters;
 * parts the top layer allocates are read as asked, every other part is read whole, written back
 * (no re-read) and its requested bytes returned.
 */
async function copyOnRead(blk: BlockBackend, offset: number, bytes: number): Promise<Uint8Array> {
  const root = blk.root;
  const out = new Uint8Array(bytes).fill(READ_BUFFER_FILL);
  const whole = await blk.isAllocated(offset, bytes);
  if (whole.allocated && whole.pnum === bytes) {
    await blk.readInto(offset, out);
    return out;
  }
  const cluster = root.driver.getClusterSize?.(root) || root.limits.requestAlignment || 1;
  const length = await blk.getLength();
  const start = Math.floor(offset / cluster) * cluster;
  const end = Math.min(length, Math.ceil((offset + bytes) / cluster) * cluster);
  for (let pos = start; pos < end; ) {
    const r = await blk.isAllocated(pos, Math.min(end - pos, MAX_COR_CHUNK));
    if (r.pnum === 0) break;
    // The part of this run that the caller asked for.
    const from = Math.max(pos, offset);
    const to = Math.min(pos + r.pnum, offset + bytes);
    if (r.allocated) {
      if (to > from) await blk.readInto(from, out.subarray(from - offset, to - offset));
    } else {
      const data = await blk.read(pos, r.pnum);
      await nodeCopyOnReadWrite(root, pos, data);
      if (to > from) out.set(data.subarray(from - pos, to - pos), from - offset);
    }
    pos += r.pnum;
  }
  return out;
}

/** blk_pread() as the session opened the image: with copy-on-read when -C was given. */
export async function readImage(blk: BlockBackend, copyOnReadEnabled: boolean, offset: number, bytes: number): Promise<Uint8Array> {
  // (Even a read of nothing copies: the cluster around an unaligned offset, as QEMU's does.)
  const align = blk.root.limits.requestAlignment || 1;
  if (copyOnReadEnabled && !blk.root.flags.readOnly && (bytes > 0 || offset % align === 0)) {
    // Out-of-range requests fail as plain reads do, before anything is copied.
    const length = await blk.getLength();
    if (offset <= length && length - offset >= bytes) return copyOnRead(blk, offset, bytes);
  }
  // qemu_io_alloc() fills read buffers with 0xab; drivers that read nothing leave that visible.
  const buf = new Uint8Array(bytes).fill(READ_BUFFER_FILL);
  await blk.readInto(offset, buf);
  return buf;
}
