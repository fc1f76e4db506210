// The `file` protocol (QEMU's file-posix for regular files): positional I/O on a host file through node:fs.

import { readSync, writeSync } from 'node:fs';
import { efbig, openFd, readPosition, unlinkFile, writablePosition, type FdHandle } from '../util/fs-async.ts';
import { BDRV_BLOCK, type BlockDriver, type BlockStatus, type CreateContext, type PreallocMode } from '../block/driver.ts';
import type { BlockNode } from '../block/node.ts';
import { BlockError } from '../block/errors.ts';
import { ERRNO, errnoFromNode, errnoFromNumber } from '../util/errno.ts';
import { cachedExtents, dropExtents, extentAt, type DataExtents } from './file-extents.ts';
import { FsHelper } from './fs-helper.ts';
import { nativeAddon } from '../util/native-addon.ts';
import { CREATE_PERMS } from '../block/locks.ts';
import { fileTruncate, zeroFill } from './file-resize.ts';

export interface FileState {
  fh: FdHandle;
  /** The path as opened (resolved against the tool's cwd). */
  path: string;
  /** Cached st_size, kept up to date by our own writes and truncates. */
  length: number;
  /** Cached SEEK_DATA/SEEK_HOLE answer (see cachedExtents); dropped on every change. */
  extents?: DataExtents;
  extentsQuery?: Promise<DataExtents>;
  /** Serves lseek/fallocate (started on first use, ended by close). */
  helper: FsHelper;
  /** Host identity for image locking ("dev:ino"), undefined with locking=off. */
  lockKey?: string;
  /** Writes going on in the thread pool (see writeInThread); what changes the length waits for them. */
  inThread: Set<Promise<void>>;
}

const LOCKING = ['auto', 'on', 'off'] as const;
/** The most one read system call asks for. */
const READ_PIECE = 1024 * 1024;

/** Fill buf[from, end) with `read(at, length) → bytes read` calls; past the end of file, zeroes. */
function readRange(buf: Uint8Array, read: (at: number, length: number) => number, from: number, end: number): void {
  let done = from;
  while (done < end) {
    const n = read(done, Math.min(end - done, READ_PIECE));
    if (n === 0) break;
    done += n;
  }
  if (done < end) buf.fill(0, done, end);
}

/** `write` in the thread pool; the cached length covers it once it ended. */
function writeInThread(s: FileState, offset: number, data: Uint8Array): Promise<void> {
  const p = writeLoop(s, offset, data).finally(() => s.inThread.delete(p));
  s.inThread.add(p);
  return p;
}

/** Until the writes going on in the thread pool ended (their outcome is their callers'). */
async function settled(s: FileState): Promise<void> {
  if (s.inThread.size > 0) await Promise.allSettled([...s.inThread]);
}

/** The write loop of `write` in the thread pool (pwrite may write less than asked). */
async function writeLoop(s: FileState, offset: number, data: Uint8Array): Promise<void> {
  let done = 0;
  try {
    while (done < data.length) {
      if (!writablePosition(offset + done, data.length - done)) throw efbig();
      done += (await s.fh.write(data, done, data.length - done, offset + done)).bytesWritten;
    }
  } catch (e) {
    throw BlockError.io(errnoFromNode(e));
  } finally {
    if (done > 0) s.length = Math.max(s.length, offset + done);
    dropExtents(s);
  }
}

const AIO = ['threads', 'native', 'io_uring'] as const;

async function openFile(node: BlockNode<FileState>, filename: string, path: string): Promise<FdHandle> {
  let fh: FdHandle;
  try {
    fh = await openFd(path, node.flags.readOnly ? 'r' : 'r+');
  } catch (e) {
    throw BlockError.withErrno(errnoFromNode(e), `Could not open '${filename}'`);
  }
  const st = await fh.stat();
  if (!st.isFile() && !st.isBlockDevice() && !st.isCharacterDevice()) {
    await fh.close();
    throw new BlockError('EINVAL', `'file' driver requires '${filename}' to be a regular file`);
  }
  return fh;
}

/**
 * Data reads and writes are synchronous pread/pwrite: a regular file answers at once, and skipping the thread pool
 * saves two thread hand-offs per request. The exception: writes whose caller goes on meanwhile
 * (WriteFlags.onAllocated) go to the thread pool. Errors as ioFailed's.
 */
function syncIo<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    throw BlockError.io(errnoFromNode(e));
  }
}

async function ioFailed<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw BlockError.io(errnoFromNode(e));
  }
}

function blockStatus(node: BlockNode<FileState>, wantZero: boolean, offset: number, bytes: number): BlockStatus | Promise<BlockStatus> {
  const s = node.state;
  if (!wantZero) return { status: BDRV_BLOCK.DATA | BDRV_BLOCK.OFFSET_VALID, pnum: bytes, map: offset, file: node };
  // Answered at once from cached extents; the first query waits for the scan.
  const extents = cachedExtents(s);
  if (extents instanceof Promise) return extents.then((found) => extentStatus(node, found, offset, bytes));
  return extentStatus(node, extents, offset, bytes);
}

function extentStatus(node: BlockNode<FileState>, extents: DataExtents, offset: number, bytes: number): BlockStatus {
  const base = { map: offset, file: node as BlockNode };
  const ext = extentAt(extents, offset);
  const pnum = Math.max(1, Math.min(bytes, ext.end - offset));
  const status = ext.data ? BDRV_BLOCK.DATA : BDRV_BLOCK.ZERO;
  return { status: status | BDRV_BLOCK.OFFSET_VALID, pnum, ...base };
}

/**
 * Make [offset, offset+bytes) read as zeroes the way file-posix does: fallocate PUNCH_HOLE
 * (discard, unmap) or ZERO_RANGE (write-zeroes), growing the file when the range passes EOF.
 * Without the fallocate helper, or where the filesystem refuses, zeroes are written instead.
 */
async function zeroRange(node: BlockNode<FileState>, offset: number, bytes: number, op: 'punch' | 'zero'): Promise<void> {
  const s = node.state;
  await settled(s);
  const e = await s.helper.fallocate(op, offset, bytes);
  dropExtents(s);
  if (e === 0) {
    s.length = (await s.fh.stat()).size;
    if (offset + bytes > s.length) await fileTruncate(s, offset + bytes, 'off');
    return;
  }
  if (e !== undefined && e !== ERRNO.ENOTSUP && e !== ERRNO.EINVAL) throw BlockError.io(errnoFromNumber(e) ?? 'EIO');
  await zeroByWriting(s, offset, bytes);
}

/** Fallback: a range reaching EOF is cut off and regrown sparsely; elsewhere only data ranges get zeroes. */
async function zeroByWriting(s: FileState, offset: number, bytes: number): Promise<void> {
  const end = Math.min(offset + bytes, s.length);
  if (end >= s.length && offset < s.length) {
    const newLength = Math.max(s.length, offset + bytes);
    await ioFailed(s.fh.truncate(offset));
    await ioFailed(s.fh.truncate(newLength));
    s.length = newLength;
    dropExtents(s);
    return;
  }
  for (const [ds, de] of await cachedExtents(s)) {
    const a = Math.max(ds, offset);
    const b = Math.min(de, end);
    if (a < b) await zeroFill(s, a, b - a);
  }
  dropExtents(s);
  if (offset + bytes > s.length) await fileTruncate(s, offset + bytes, 'off');
}

async function create(filename: string, options: Map<string, string>, ctx: CreateContext): Promise<void> {
  // raw_co_create_opts rounds the size up to whole sectors.
  const size = Math.ceil(Number(options.get('size') ?? '0') / 512) * 512;
  const prealloc = options.get('preallocation') ?? 'off';
  // 'metadata' is refused only by the resize below, once the file exists (as file-posix does).
  if (!['off', 'falloc', 'full', 'metadata'].includes(prealloc)) {
    throw new BlockError('EINVAL', `invalid parameter value: ${prealloc}`);
  }
  // file-posix stores the hint as a 32-bit value and refuses larger ones before touching the file.
  if (BigInt(options.get('extent_size_hint') ?? '0') > 0xffffffffn) throw new BlockError('EINVAL', 'Extent size hint is too large');
  const path = ctx.resolvePath(filename.startsWith('file:') ? filename.slice(5) : filename);
  let fh: FdHandle;
  try {
    if (filename === '' || filename === 'file:') throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    fh = await openFd(path, 'a+');
    await fh.close();
    fh = await openFd(path, 'r+');
  } catch (e) {
    throw BlockError.withErrno(errnoFromNode(e), `Could not create '${filename}'`);
  }
  const stat = await fh.stat();
  const helper = new FsHelper(path, () => st.fh.fd, nativeAddon());
  const st: FileState = { fh, path, length: stat.size, helper, inThread: new Set() };
  const owner = {};
  try {
    ctx.locks?.apply(owner, `${stat.dev}:${stat.ino}`, CREATE_PERMS, filename);
    await fileTruncate(st, 0, 'off').catch((e: unknown) => {
      throw e instanceof BlockError ? new BlockError(e.errno, `Could not resize file: ${e.message}`) : e;
    });
    // A size that rounds up to 2^63 is a negative off_t: ftruncate says EINVAL.
    if ((BigInt(options.get('size') ?? '0') + 511n) / 512n > (1n << 54n) - 1n) {
      throw BlockError.withErrno('EINVAL', 'Could not resize file');
    }
    await fileTruncate(st, size, prealloc as PreallocMode);
  } finally {
    ctx.locks?.release(owner);
    st.helper.close();
    await fh.close();
  }
}

export const fileDriver: BlockDriver<FileState> = {
  formatName: 'file',
  protocolName: 'file',
  createOptions: [
    { name: 'size', type: 'size', help: 'Virtual disk size' },
    { name: 'nocow', type: 'bool', help: 'Turn off copy-on-write (valid only on btrfs)' },
    { name: 'preallocation', type: 'string', help: 'Preallocation mode (allowed values: off, falloc, full)' },
    { name: 'extent_size_hint', type: 'size', help: 'Extent size hint for the image file, 0 to disable' },
  ],

  async deleteFile(filename, ctx) {
    await unlinkFile(ctx.resolvePath(filename));
  },

  parseFilename(filename, options) {
    options['filename'] = filename.startsWith('file:') ? filename.slice(5) : filename;
  },

  async open(node, ctx) {
    const o = ctx.options;
    const filename = o.string('filename');
    if (!filename) throw new BlockError('EINVAL', "The 'file' block driver requires a file name");
    const locking = o.choice('locking', LOCKING);
    const aio = o.choice('aio', AIO);
    if (aio === 'native' && !node.flags.cacheDirect) {
      throw new BlockError('EINVAL', 'aio=native was specified, but it requires cache.direct=on, which was not specified.');
    }
    o.number('aio-max-batch');
    o.string('pr-manager');
    o.bool('drop-cache');
    o.bool('x-check-cache-dropped');
    const path = ctx.resolvePath(filename);
    const fh = await openFile(node, filename, path);
    if (node.flags.cacheDirect) node.limits.requestAlignment = Math.max(node.limits.requestAlignment, 512);
    const st = await fh.stat();
    const lockKey = locking === 'off' ? undefined : `${st.dev}:${st.ino}`;
    // The helper asks for the descriptor at each call: a reopen replaces it.
    const helper = new FsHelper(path, () => s.fh.fd, nativeAddon());
    const s: FileState = { fh, path, length: st.size, helper, lockKey, inThread: new Set() };
    return s;
  },

  lockKey(node) {
    return node.state?.lockKey;
  },

  async close(node) {
    await settled(node.state);
    node.state.helper.close();
    await node.state.fh.close();
  },

  async getLength(node) {
    return node.state.length;
  },

  lengthNow(node) {
    return node.state.length;
  },

  async read(node, offset, buf) {
    const s = node.state;
    // Synchronous: a regular file's page cache answers at once, and convert, the one caller that
    // overlaps I/O with its work, keeps the thread pool for its writes (see WriteFlags.onAllocated).
    readRange(buf, (at, length) => syncIo(() => readSync(s.fh.fd, buf, at, length, readPosition(offset + at))), 0, buf.length);
  },

  async write(node, offset, data, flags) {
    const s = node.state;
    let done = 0;
    if (flags.onAllocated) {
      // The caller goes on while a thread writes (see WriteFlags.onAllocated).
      flags.onAllocated();
      await writeInThread(s, offset, data);
      return;
    }
    while (done < data.length) {
      const bytesWritten = syncIo(() => {
        if (!writablePosition(offset + done, data.length - done)) throw efbig();
        return writeSync(s.fh.fd, data, done, data.length - done, offset + done);
      });
      done += bytesWritten;
    }
    s.length = Math.max(s.length, offset + data.length);
    dropExtents(s);
  },

  async writeZeroes(node, offset, bytes, flags) {
    await zeroRange(node, offset, bytes, flags.mayUnmap ? 'punch' : 'zero');
  },

  async discard(node, offset, bytes) {
    const s = node.state;
    await settled(s);
    if (offset >= s.length) return;
    // PUNCH_HOLE|KEEP_SIZE takes the whole range, so a partial last block past EOF is freed too.
    if ((await s.helper.fallocate('punch', offset, bytes)) === 0) {
      dropExtents(s);
      return;
    }
    await zeroRange(node, offset, Math.min(bytes, s.length - offset), 'punch');
  },

  blockStatus,

  prefetchStatus(node) {
    // Warm the cache; whoever asks next takes the answer or its error.
    Promise.resolve(cachedExtents(node.state)).catch(() => undefined);
  },

  async truncate(node, offset, _exact, prealloc) {
    await settled(node.state);
    await fileTruncate(node.state, offset, prealloc);
  },

  async reopen(node, readOnly) {
    const s = node.state;
    await settled(s);
    let fh: FdHandle;
    try {
      fh = await openFd(s.path, readOnly ? 'r' : 'r+');
    } catch (e) {
      // The name may be gone by now (-s overlays are unlinked once open).
      throw BlockError.withErrno(errnoFromNode(e), `Could not open '${node.filename}'`);
    }
    await s.fh.close();
    s.fh = fh;
  },

  async flushToDisk(node) {
    await settled(node.state);
    await ioFailed(node.state.fh.datasync());
  },

  async getAllocatedFileSize(node) {
    // fstat, not stat: the file may have been unlinked (-s overlays) or renamed since.
    const st = await node.state.fh.stat().catch(() => undefined);
    return st ? st.blocks * 512 : undefined;
  },

  create,
};
