// The one generic request path: every read, write, zero, discard, flush and truncate on a node goes through here.
//
// Contract (what callers and drivers may rely on):
// - Callers (tools via the BlockBackend, format drivers on their `file`/`backing` children) never
//   call a driver's I/O members directly; they call these functions with the node.
// - Drivers see only requests that are non-negative, below BDRV_MAX_LENGTH, aligned to
//   node.limits.requestAlignment and no larger than limits.maxTransfer (when non-zero).
// - Reads past the end of a node return zeroes for the part beyond EOF (bdrv_aligned_preadv);
//   bounds against the guest-visible length are the BlockBackend's job (EIO there).
// - Writes to a read-only node fail with EPERM; to a node marked corrupt with EIO.
// - Missing optional members get QEMU's fallbacks: writeZeroes → explicit zero buffers (unless
//   noFallback), discard → no-op, flush → recurse to children, blockStatus → "all data".

import type { BlockNode } from './node.ts';
import type { PreallocMode, WriteFlags, ZeroFlags } from './driver.ts';
import { BlockError } from './errors.ts';
import { strerrorNumber } from '../util/errno.ts';
import { raiseEvent } from './events.ts';
import { offsetLimitError } from './limits.ts';
import { isZeroRange } from '../util/zero.ts';
import { markDirty } from './dirty-bitmap.ts';

/**
 * QEMU's BDRV_MAX_LENGTH: the largest offset/length a request may reach (INT64_MAX aligned down to
 * 1 GiB, exact as a number). Offsets past 2^53 are only exact when coarsely aligned; such requests
 * come from metadata pointing far past the file (reads there see zeroes, as pread answers).
 */
export const BDRV_MAX_LENGTH = 9223372035781033984;
/** Zero buffers written by the write-zeroes fallback are at most this big (QEMU's MAX_BOUNCE_BUFFER). */
const MAX_ZERO_BOUNCE = 16 * 1024 * 1024;

/** bdrv_check_request(): negative or huge offsets/lengths are EIO. */
export function checkRequest(offset: number, bytes: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(bytes)) throw BlockError.io('EINVAL');
  if (offset < 0 || bytes < 0 || offset > BDRV_MAX_LENGTH || bytes > BDRV_MAX_LENGTH - offset) {
    throw BlockError.io('EIO');
  }
}

/** bdrv_getlength(): the driver's length rounded up to whole 512-byte sectors, as QEMU reports it. */
export async function nodeGetLength(node: BlockNode): Promise<number> {
  const len = nodeLengthNow(node) ?? (await node.driver.getLength(node));
  return Math.ceil(len / 512) * 512;
}

/** nodeGetLength() when the node knows its length without I/O (see BlockDriver.lengthNow), else undefined. */
export function nodeLengthNow(node: BlockNode): number | undefined {
  const len = node.driver.lengthNow?.(node);
  return len === undefined ? undefined : Math.ceil(len / 512) * 512;
}

/** Read `bytes` at `offset` into a new buffer (zeroes past EOF). */
export async function nodeRead(node: BlockNode, offset: number, bytes: number): Promise<Uint8Array> {
  const buf = new Uint8Array(bytes);
  await nodeReadInto(node, offset, buf);
  return buf;
}

/** Fill `buf` from `offset`, honouring alignment and max transfer; zero-fills past the node's end. */
export async function nodeReadInto(node: BlockNode, offset: number, buf: Uint8Array): Promise<void> {
  checkRequest(offset, buf.length);
  if (buf.length === 0) return;
  const align = node.limits.requestAlignment || 1;
  const start = alignDown(offset, align);
  const end = alignUp(offset + buf.length, align);
  if (start === offset && end === offset + buf.length) {
    await readAligned(node, offset, buf);
    return;
  }
  // QEMU pads around the caller's buffer rather than copying it: bytes a driver leaves alone stay the caller's.
  const bounce = new Uint8Array(end - start);
  bounce.set(buf, offset - start);
  await readAligned(node, start, bounce);
  buf.set(bounce.subarray(offset - start, offset - start + buf.length));
}

async function readAligned(node: BlockNode, offset: number, buf: Uint8Array): Promise<void> {
  const length = node.driver.lengthNow?.(node) ?? (await node.driver.getLength(node));
  const align = node.limits.requestAlignment || 1;
  const inFile = Math.max(0, Math.min(buf.length, alignUp(length, align) - offset));
  if (inFile < buf.length) buf.fill(0, inFile);
  const max = maxTransfer(node);
  for (let done = 0; done < inFile; ) {
    const n = Math.min(inFile - done, max);
    await node.driver.read(node, offset + done, buf.subarray(done, done + n));
    done += n;
  }
}

function maxTransfer(node: BlockNode): number {
  const align = node.limits.requestAlignment || 1;
  const m = node.limits.maxTransfer;
  return m > 0 ? Math.max(align, alignDown(m, align)) : Number.MAX_SAFE_INTEGER;
}

function checkWritable(node: BlockNode): void {
  if (node.flags.readOnly) throw BlockError.io('EPERM');
  if (node.corrupt) throw BlockError.io('EIO');
}

/** Write `data` at `offset`: read-modify-write for unaligned edges, detect-zeroes, max-transfer splitting. */
export function nodeWrite(node: BlockNode, offset: number, data: Uint8Array, flags: WriteFlags = {}): Promise<void> {
  // (No async layer of its own for the common aligned write; errors still come as rejections.)
  try {
    checkRequest(offset, data.length);
    checkWritable(node);
  } catch (e) {
    return Promise.reject(e);
  }
  if (data.length === 0) return Promise.resolve();
  if (node.flags.detectZeroes !== 'off' && !flags.compressed && isZeroRange(data)) {
    const mayUnmap = node.flags.detectZeroes === 'unmap' && node.flags.discardUnmap;
    return nodeWriteZeroes(node, offset, data.length, { mayUnmap, fua: flags.fua });
  }
  const align = node.limits.requestAlignment || 1;
  const start = alignDown(offset, align);
  const end = alignUp(offset + data.length, align);
  if (start === offset && end === offset + data.length) return writeAligned(node, offset, data, flags);
  return writePadded(node, offset, data, flags, start, end);
}

/** nodeWrite() of a request not aligned to the node: the edges are read, and the aligned whole written. */
async function writePadded(node: BlockNode, offset: number, data: Uint8Array, flags: WriteFlags, start: number, end: number): Promise<void> {
  const align = node.limits.requestAlignment || 1;
  const bounce = new Uint8Array(end - start);
  // bdrv_padding_rmw_read(): blkdebug events around the head (or the one merged block) and tail reads.
  const headEvents = start !== offset || end - start === align;
  if (headEvents) await raiseEvent(node, 'pwritev_rmw_head');
  await readAligned(node, start, bounce.subarray(0, align));
  if (headEvents) await raiseEvent(node, 'pwritev_rmw_after_head');
  if (end - align > start) {
    const tailEvents = end !== offset + data.length;
    if (tailEvents) await raiseEvent(node, 'pwritev_rmw_tail');
    await readAligned(node, end - align, bounce.subarray(bounce.length - align));
    if (tailEvents) await raiseEvent(node, 'pwritev_rmw_after_tail');
  }
  bounce.set(data, offset - start);
  await writeAligned(node, start, bounce, flags);
}

/**
 * bdrv_aligned_pwritev(): blkdebug's pwritev / pwritev_done events around the request (split at maxTransfer), FUA
 * emulated as a flush of this node after the write (no driver writes through by itself), and
 * the node's write generation advanced afterwards (bdrv_co_write_req_finish).
 */
async function writeAligned(node: BlockNode, offset: number, data: Uint8Array, flags: WriteFlags, events = true): Promise<void> {
  const max = flags.compressed ? Number.MAX_SAFE_INTEGER : maxTransfer(node);
  const { fua, ...rest } = flags;
  // (Events and lengths known at once are not awaited: each await costs a turn of the microtask queue.)
  const before = events ? raiseEvent(node, 'pwritev') : undefined;
  if (before) await before;
  try {
    for (let done = 0; done < data.length; ) {
      const n = Math.min(data.length - done, max);
      await node.driver.write(node, offset + done, data.subarray(done, done + n), rest);
      done += n;
    }
    // Emulated FUA needs one flush, after the last piece; compressed writes ignore FUA (as QEMU's driver path for them does).
    if (fua && !flags.compressed) await nodeFlush(node);
    const after = events ? raiseEvent(node, 'pwritev_done') : undefined;
    if (after) await after;
  } finally {
    // Even a failed write advances the generation (the next flush really flushes) and dirties its range.
    bumpWriteGen(node);
    markDirty(node, offset, data.length);
  }
}

/**
 * The write of one chunk copied on read (bdrv_co_do_copy_on_readv): blkdebug's cor_write on the
 * node, then its driver directly (no pwritev events, no FUA); an all-zero chunk becomes zeroes.
 */
export async function nodeCopyOnReadWrite(node: BlockNode, offset: number, data: Uint8Array): Promise<void> {
  checkWritable(node);
  await raiseEvent(node, 'cor_write');
  if (!isZeroRange(data)) return writeAligned(node, offset, data, { writeUnchanged: true }, false);
  try {
    await zeroPieces(node, offset, data.length, { writeUnchanged: true });
  } finally {
    bumpWriteGen(node);
  }
}

/** A write of any kind finished on `node`: the next flush has something to make stable. */
function bumpWriteGen(node: BlockNode): void {
  node.writeGen = (node.writeGen ?? 0) + 1;
}

/** Zero a range: the driver's writeZeroes when it has one, else (or on ENOTSUP) explicit zero buffers. */
export async function nodeWriteZeroes(node: BlockNode, offset: number, bytes: number, flags: ZeroFlags = {}): Promise<void> {
  checkRequest(offset, bytes);
  checkWritable(node);
  if (bytes === 0) return;
  const f: ZeroFlags = { ...flags, mayUnmap: Boolean(flags.mayUnmap && node.flags.discardUnmap) };
  const align = node.limits.requestAlignment || 1;
  // Unaligned heads and tails are written as data (read-modify-write) as QEMU does.
  const head = Math.min(bytes, (align - (offset % align)) % align);
  if (head > 0) await nodeWrite(node, offset, new Uint8Array(head), { fua: f.fua });
  let pos = offset + head;
  const alignedEnd = alignDown(offset + bytes, align);
  if (alignedEnd > pos) {
    await zeroAligned(node, pos, alignedEnd - pos, f);
    pos = alignedEnd;
  }
  if (pos < offset + bytes) await nodeWrite(node, pos, new Uint8Array(offset + bytes - pos), { fua: f.fua });
}

/**
 * bdrv_co_do_pwrite_zeroes(): pieces split at max(pwriteZeroesAlignment, requestAlignment) —
 * a short head up to the first boundary, the aligned bulk, the tail — each offered to the
 * driver's writeZeroes, falling back to zero buffers (at most maxTransfer) on ENOTSUP.
 */
async function zeroAligned(node: BlockNode, offset: number, bytes: number, flags: ZeroFlags): Promise<void> {
  await raiseEvent(node, 'pwritev_zero');
  try {
    await zeroPieces(node, offset, bytes, { ...flags, fua: false });
    // FUA is emulated once for the whole request, as bdrv_co_do_pwrite_zeroes does.
    if (flags.fua) await nodeFlush(node);
    await raiseEvent(node, 'pwritev_done');
  } finally {
    bumpWriteGen(node);
    markDirty(node, offset, bytes);
  }
}

async function zeroPieces(node: BlockNode, offset: number, bytes: number, flags: ZeroFlags): Promise<void> {
  const drv = node.driver;
  const align = Math.max(node.limits.pwriteZeroesAlignment || 1, node.limits.requestAlignment || 1);
  const maxZeroes = Math.max(align, alignDown(node.limits.maxPwriteZeroes > 0 ? node.limits.maxPwriteZeroes : BDRV_MAX_LENGTH, align));
  const maxTransferBytes = node.limits.maxTransfer > 0 ? Math.min(node.limits.maxTransfer, MAX_ZERO_BOUNCE) : MAX_ZERO_BOUNCE;
  let head = offset % align;
  const tail = (offset + bytes) % align;
  let zeroes: Uint8Array | undefined;
  while (bytes > 0) {
    let num = bytes;
    if (head) {
      num = Math.min(bytes, maxTransferBytes, align - head);
      head = (head + num) % align;
    } else if (tail && num > align) {
      num -= tail;
    }
    num = Math.min(num, maxZeroes);
    let done = false;
    if (drv.writeZeroes) {
      try {
        await drv.writeZeroes(node, offset, num, flags);
        done = true;
      } catch (e) {
        if (!(e instanceof BlockError) || e.errno !== 'ENOTSUP') throw e;
      }
    }
    if (!done) {
      if (flags.noFallback) throw BlockError.io('ENOTSUP');
      num = Math.min(num, maxTransferBytes);
      if (!zeroes || zeroes.length < num) zeroes = new Uint8Array(num);
      await writeAligned(node, offset, zeroes.subarray(0, num), {}, false);
    }
    offset += num;
    bytes -= num;
  }
}

/**
 * Discard (advisory): a no-op unless the node was opened with discard=unmap and its driver can.
 * Split as bdrv_co_pdiscard does: small head pieces up to max(pdiscardAlignment,
 * requestAlignment), the aligned bulk (at most maxPdiscard), the tail; ENOTSUP is ignored.
 */
export async function nodeDiscard(node: BlockNode, offset: number, bytes: number): Promise<void> {
  checkRequest(offset, bytes);
  checkWritable(node);
  if (bytes === 0 || !node.flags.discardUnmap || !node.driver.discard) return;
  const reqAlign = node.limits.requestAlignment || 1;
  const align = Math.max(node.limits.pdiscardAlignment || 1, reqAlign);
  const maxDiscard = Math.max(align, alignDown(node.limits.maxPdiscard > 0 ? node.limits.maxPdiscard : BDRV_MAX_LENGTH, align));
  // bdrv_co_write_req_finish() dirties the whole request, whatever the driver made of it.
  markDirty(node, offset, bytes);
  let head = offset % align;
  let tail = (offset + bytes) % align;
  while (bytes > 0) {
    let num = bytes;
    if (head) {
      num = Math.min(bytes, align - head);
      if (num % reqAlign !== 0) num %= reqAlign;
      head = (head + num) % align;
    } else if (tail) {
      if (num > align) {
        num -= tail;
      } else if (tail % reqAlign !== 0 && tail > reqAlign) {
        tail %= reqAlign;
        num -= tail;
      }
    }
    num = Math.min(num, maxDiscard);
    try {
      await node.driver.discard(node, offset, num);
    } catch (e) {
      if (!(e instanceof BlockError) || e.errno !== 'ENOTSUP') throw e;
    }
    offset += num;
    bytes -= num;
  }
  bumpWriteGen(node);
}

/**
 * bdrv_co_flush(): nothing on read-only nodes; flush_to_os, then flush_to_disk unless cache.no-flush
 * or nothing was written since the last flush, then the children. blkdebug's flush_to_os and
 * flush_to_disk events go to the primary child before each step. A driver's own `flush` replaces all that.
 */
export async function nodeFlush(node: BlockNode): Promise<void> {
  if (node.flags.readOnly) return;
  const gen = node.writeGen ?? 0;
  if (node.driver.flush) {
    await node.driver.flush(node);
    node.flushedGen = gen;
    return;
  }
  const primary = node.children.get('file') ?? node.children.get('image') ?? node.children.get('raw');
  await raiseEvent(primary, 'flush_to_os');
  if (node.driver.flushToOs) await node.driver.flushToOs(node);
  if (!node.flags.noFlush && (node.flushedGen ?? 0) !== gen) {
    await raiseEvent(primary, 'flush_to_disk');
    if (node.driver.flushToDisk) await node.driver.flushToDisk(node);
  }
  for (const [name, child] of node.children) {
    if (name === 'backing') continue;
    await nodeFlush(child);
  }
  node.flushedGen = gen;
}

/**
 * bdrv_make_empty(): drop everything the image holds (qemu-img commit without -d). A driver
 * without it is left alone; a failure reads "Failed to empty FILENAME: <strerror>".
 */
export async function nodeMakeEmpty(node: BlockNode): Promise<void> {
  if (!node.driver.makeEmpty) return;
  try {
    await node.driver.makeEmpty(node);
  } catch (e) {
    if (e instanceof BlockError) throw new BlockError(e.errno, `Failed to empty ${node.filename}: ${strerrorNumber(e.errnoValue())}`);
    throw e;
  }
}

/** Resize; formats without truncate fail as QEMU does ("Image format driver does not support resize"). */
export async function nodeTruncate(node: BlockNode, length: number, exact: boolean, prealloc: PreallocMode): Promise<void> {
  if (length < 0) throw new BlockError('EINVAL', 'Image size cannot be negative');
  // bdrv_check_request() against BDRV_MAX_LENGTH, on every node (a raw node's window offset
  // included); lengths up to it reach the driver, which refuses what the host cannot hold
  // (EFBIG), as file-posix's ftruncate does.
  const tooFar = offsetLimitError(BigInt(length));
  if (tooFar !== undefined) throw new BlockError('EIO', tooFar);
  if (node.flags.readOnly) throw new BlockError('EACCES', 'Image is read-only');
  if (!node.driver.truncate) {
    const file = fileChild(node);
    if (node.driver.isFilter && file) return nodeTruncate(file, length, exact, prealloc);
    throw new BlockError('ENOTSUP', 'Image format driver does not support resize');
  }
  const backing = backingChild(node);
  const oldLength = backing ? await node.driver.getLength(node) : 0;
  await node.driver.truncate(node, length, exact, prealloc);
  bumpWriteGen(node);
  if (backing && length > oldLength && (await nodeGetLength(backing)) > oldLength) await zeroExposedArea(node, oldLength, length);
}

/**
 * bdrv_co_truncate() growing over a longer backing file (BDRV_REQ_ZERO_WRITE): the new area must
 * read as zeroes, not as the backing file's data. Whole clusters become zero clusters, an
 * unaligned head gets explicit zeroes, as qcow2_co_truncate does.
 */
async function zeroExposedArea(node: BlockNode, oldLength: number, length: number): Promise<void> {
  const cluster = node.driver.getClusterSize?.(node) || 512;
  const zeroStart = alignUp(oldLength, cluster);
  if (length > zeroStart) {
    await nodeWriteZeroes(node, zeroStart, length - zeroStart, {}).catch((e: unknown) => {
      throw e instanceof BlockError ? BlockError.withErrno(e.errno, 'Failed to zero out new clusters') : e;
    });
  }
  if (zeroStart > oldLength) await nodeWrite(node, oldLength, new Uint8Array(Math.min(zeroStart, length) - oldLength), {});
}


/** The child that holds a filter's or format's data (`file`), or undefined. */
export function fileChild(node: BlockNode): BlockNode | undefined {
  return node.children.get('file');
}

/** The backing child, or undefined. */
export function backingChild(node: BlockNode): BlockNode | undefined {
  return node.children.get('backing');
}

/**
 * For format drivers: fill `buf` with the backing file's data at `offset`, zeroes where the
 * backing file is shorter or absent (what a read of an unallocated area returns).
 */
export async function readFromBacking(node: BlockNode, offset: number, buf: Uint8Array): Promise<void> {
  const backing = backingChild(node);
  if (!backing) {
    buf.fill(0);
    return;
  }
  const blen = await nodeGetLength(backing);
  const n = Math.max(0, Math.min(buf.length, blen - offset));
  if (n > 0) await nodeReadInto(backing, offset, buf.subarray(0, n));
  buf.fill(0, n);
}

export function alignDown(v: number, align: number): number {
  return v - (v % align);
}

export function alignUp(v: number, align: number): number {
  const r = v % align;
  return r === 0 ? v : v + (align - r);
}
