// Fast zero scans and range comparisons of byte buffers (QEMU's buffer_is_zero), shared by convert, compare, detect-zeroes and copy-on-read.
//
// Decision: the scans hand long stretches to Buffer's native memcmp and pattern search, which
// run ~10x faster than the best JavaScript loop over an Int32Array (about 28 µs against 250 µs
// for 1 MiB of zeroes); JavaScript only looks at the first bytes and inside a chunk known to
// hold a non-zero byte.

import { Buffer } from 'node:buffer';
import { nativeAddon } from './native-addon.ts';

/** Bytes checked one by one before native code is worth a call (most data has a non-zero byte early). */
const BYTE_PROBE = 16;
/** Bytes compared per native call, and the size of the shared zero block. */
const CHUNK = 64 * 1024;
/** Bytes compared per native call inside a chunk known to hold a non-zero byte. */
const FINE = 512;
/** Never written: the zeroes that buffers are compared with. */
const ZEROS = Buffer.alloc(CHUNK);

/** A Buffer view of `buf` (no copy) for Buffer's native methods. */
function asBuffer(buf: Uint8Array): Buffer {
  return Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Whether bytes [start, end) of `b` (end - start <= CHUNK) are all zero, by memcmp. */
function zeroChunk(b: Buffer, start: number, end: number): boolean {
  return ZEROS.compare(b, start, end, 0, end - start) === 0;
}

/** Index of the first non-zero byte of `buf` in [start, end), or `end` when there is none. */
export function firstNonZero(buf: Uint8Array, start = 0, end = buf.length): number {
  let i = start;
  const probeEnd = Math.min(end, start + BYTE_PROBE);
  for (; i < probeEnd; i++) if (buf[i] !== 0) return i;
  if (i >= end) return end;
  const b = asBuffer(buf);
  while (i < end) {
    const chunkEnd = Math.min(end, i + CHUNK);
    if (!zeroChunk(b, i, chunkEnd)) {
      // Narrow to the 512-byte piece holding the byte, then find it.
      while (zeroChunk(b, i, Math.min(chunkEnd, i + FINE))) i += FINE;
      while (buf[i] === 0) i++;
      return i;
    }
    i = chunkEnd;
  }
  return end;
}

/** Whether bytes [start, end) of `buf` are all zero. */
export function isZeroRange(buf: Uint8Array, start = 0, end = buf.length): boolean {
  return firstNonZero(buf, start, end) === end;
}

/**
 * Index (counted from `buf`'s start) of the first `unit`-aligned block of `unit` zero bytes in
 * [start, end), a last partial block counting when it is all zero; `end` when there is none.
 * `start` must be a multiple of `unit`, and `unit` at most 64 KiB.
 * Decision: the native addon scans when it is built (convert runs this over all the data it
 * copies: ~10 ms of main-thread time per 512 MiB there against ~25 ms for the loop below, which
 * runs in V8's baseline tier for much of a tool's short life).
 */
export function firstZeroBlock(buf: Uint8Array, start: number, end: number, unit: number): number {
  const scan = nativeAddon()?.firstZeroBlock;
  const found = scan ? scan(buf, start, end, unit) : -1;
  return found >= 0 ? found : firstZeroBlockJs(buf, start, end, unit);
}

/** firstZeroBlock() in JavaScript. */
export function firstZeroBlockJs(buf: Uint8Array, start: number, end: number, unit: number): number {
  const lastFull = end - ((end - start) % unit);
  const b = asBuffer(buf);
  // Most data blocks have a non-zero byte among their first and last few, which JavaScript sees
  // with one or two loads per block; only blocks that pass that probe are compared in full. (A
  // native pattern search for the zero block costs ~8x more on data: it must visit every block
  // and keeps restarting on the zero bytes random data holds.)
  if ((buf.byteOffset + start) % 4 === 0 && unit % 4 === 0 && lastFull > start) {
    const words = new Int32Array(buf.buffer, buf.byteOffset + start, (lastFull - start) / 4);
    const step = unit / 4;
    const n = words.length;
    for (let w = 0; w < n; w += step) {
      if (words[w] !== 0 || words[w + step - 1] !== 0) continue;
      const at = start + w * 4;
      if (zeroChunk(b, at, at + unit)) return at;
    }
  } else {
    for (let at = start; at < lastFull; at += unit) {
      if ((buf[at]! | buf[at + 1]! | buf[at + 2]! | buf[at + 3]! | buf[at + unit - 1]!) !== 0) continue;
      if (zeroChunk(b, at, at + unit)) return at;
    }
  }
  if (lastFull < end && zeroChunk(b, lastFull, end)) return lastFull;
  return end;
}

/** Whether `a[start, end)` and `b[start, end)` hold the same bytes (memcmp). */
export function rangesEqual(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  return asBuffer(a).compare(b, start, end, start, end) === 0;
}
