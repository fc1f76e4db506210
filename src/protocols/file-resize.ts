// Growing, shrinking and zeroing a host file for the file protocol (ftruncate plus explicit zeroes for preallocation).

import { BlockError } from '../block/errors.ts';
import type { PreallocMode } from '../block/driver.ts';
import { errnoFromNode } from '../util/errno.ts';
import type { FileState } from './file.ts';
import { fallocateOp } from './file-extents.ts';

/** Zero buffers are written in chunks of this size. */
const ZERO_CHUNK = 4 * 1024 * 1024;

/** Write explicit zeroes over [offset, offset+bytes). */
export async function zeroFill(s: FileState, offset: number, bytes: number): Promise<void> {
  const zeroes = new Uint8Array(Math.min(bytes, ZERO_CHUNK));
  for (let done = 0; done < bytes; ) {
    const n = Math.min(bytes - done, zeroes.length);
    let w = 0;
    while (w < n) {
      const { bytesWritten } = await s.fh.write(zeroes, w, n - w, offset + done + w);
      w += bytesWritten;
    }
    done += n;
  }
  s.length = Math.max(s.length, offset + bytes);
  s.extents = undefined;
}

/**
 * Resize to exactly `length`. 'falloc' reserves the new area with posix_fallocate (zeroes when
 * that is unavailable), 'full' writes zeroes over it. Preallocation while shrinking fails as
 * file-posix does.
 */
export async function fileTruncate(s: FileState, length: number, prealloc: PreallocMode): Promise<void> {
  if (prealloc === 'metadata') throw new BlockError('ENOTSUP', 'Unsupported preallocation mode: metadata');
  const old = s.length;
  if (prealloc !== 'off' && length < old) {
    throw new BlockError('ENOTSUP', 'Cannot use preallocation for shrinking files');
  }
  try {
    await s.fh.truncate(length);
  } catch (e) {
    throw BlockError.withErrno(errnoFromNode(e), 'Could not resize file');
  }
  s.length = length;
  s.extents = undefined;
  if (prealloc === 'falloc' && length > old && (await fallocateOp(s.path, 'alloc', old, length - old)) === 0) {
    // Like file-posix, make the first block real data so alignment probing can read it.
    if (old === 0) await zeroFill(s, 0, Math.min(length, length >= FIRST_BLOCK ? FIRST_BLOCK : 512));
    return;
  }
  if (prealloc !== 'off' && length > old) {
    try {
      await zeroFill(s, old, length - old);
    } catch (e) {
      throw BlockError.withErrno(errnoFromNode(e), 'Could not write zeros for preallocation');
    }
  }
}

/** allocate_first_block(): MAX_BLOCKSIZE zero bytes at offset 0 after a fallocate from 0. */
const FIRST_BLOCK = 4096;
