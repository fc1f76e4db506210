// Growing, shrinking and zeroing a host file for the file protocol (ftruncate plus explicit zeroes for preallocation).

import { BlockError } from '../block/errors.ts';
import type { PreallocMode } from '../block/driver.ts';
import { ERRNO, errnoFromNode, errnoFromNumber } from '../util/errno.ts';
import type { FileState } from './file.ts';
import { dropExtents } from './file-extents.ts';

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
  dropExtents(s);
}

/**
 * Resize to exactly `length`. 'falloc' reserves the new area with posix_fallocate (zeroes where
 * the file system has no fallocate), 'full' writes zeroes over it; when that fails the file gets
 * its old length back, as file-posix's raw_regular_truncate() does. Preallocation while shrinking
 * fails as file-posix does.
 */
export async function fileTruncate(s: FileState, length: number, prealloc: PreallocMode): Promise<void> {
  const old = s.length;
  if (prealloc !== 'off' && length < old) {
    throw new BlockError('ENOTSUP', 'Cannot use preallocation for shrinking files');
  }
  if (prealloc === 'metadata') throw new BlockError('ENOTSUP', 'Unsupported preallocation mode: metadata');
  try {
    // Beyond 2^53 Node cannot even express the length; no host file system holds that much.
    if (length > Number.MAX_SAFE_INTEGER) throw Object.assign(new Error('EFBIG'), { code: 'EFBIG' });
    await s.fh.truncate(length);
  } catch (e) {
    throw BlockError.withErrno(errnoFromNode(e), 'Could not resize file');
  }
  s.length = length;
  dropExtents(s);
  const growsFromEmpty = old === 0 && length > 0;
  try {
    if (prealloc === 'falloc' && length > old) await fallocateOrZeroes(s, old, length);
    else if (prealloc === 'full' && length > old) await preallocZeroes(s, old, length);
  } catch (e) {
    await s.fh.truncate(old).then(
      () => {
        s.length = old;
        dropExtents(s);
      },
      () => undefined,
    );
    throw e;
  }
  // file-posix makes the first block real data to speed up alignment probing (failures ignored).
  if (prealloc !== 'full' && growsFromEmpty) await allocateFirstBlock(s, length).catch(() => undefined);
}

/**
 * posix_fallocate() over [from, to): glibc writes zeroes itself only where the file system has no
 * fallocate (EOPNOTSUPP; here also where no helper can call it); any other failure is the error.
 */
async function fallocateOrZeroes(s: FileState, from: number, to: number): Promise<void> {
  const errno = await s.helper.fallocate('alloc', from, to - from);
  if (errno === 0) return;
  if (errno === undefined || errno === ERRNO.ENOTSUP || errno === ERRNO.ENOSYS) {
    await preallocZeroes(s, from, to);
    return;
  }
  throw BlockError.withErrno(errnoFromNumber(errno) ?? 'EIO', 'Could not preallocate new data');
}

async function preallocZeroes(s: FileState, from: number, to: number): Promise<void> {
  try {
    await zeroFill(s, from, to - from);
  } catch (e) {
    throw BlockError.withErrno(errnoFromNode(e), 'Could not write zeros for preallocation');
  }
}

/** MAX_BLOCKSIZE in file-posix: the largest alignment it probes for. */
const MAX_BLOCKSIZE = 4096;

/** allocate_first_block(): one sector (under 4 KiB) or 4 KiB of zeroes at offset 0, which may grow a tiny file. */
async function allocateFirstBlock(s: FileState, maxSize: number): Promise<void> {
  await zeroFill(s, 0, maxSize < MAX_BLOCKSIZE ? 512 : MAX_BLOCKSIZE);
}
