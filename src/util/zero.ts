// Fast zero scans of byte buffers (QEMU's buffer_is_zero), shared by convert, compare, detect-zeroes and copy-on-read.

/** Bytes checked one by one before a word view is worth making (most data has a non-zero byte early). */
const BYTE_PROBE = 16;

/**
 * Index of the first non-zero byte of `buf` in [start, end), or `end` when there is none.
 * Long ranges are scanned 32 bits at a time through one Int32Array view.
 */
export function firstNonZero(buf: Uint8Array, start = 0, end = buf.length): number {
  let i = start;
  const probeEnd = Math.min(end, start + BYTE_PROBE);
  for (; i < probeEnd; i++) if (buf[i] !== 0) return i;
  while (i < end && ((buf.byteOffset + i) & 3) !== 0) {
    if (buf[i] !== 0) return i;
    i++;
  }
  const words = (end - i) >> 2;
  if (words > 0) {
    const w = new Int32Array(buf.buffer, buf.byteOffset + i, words);
    let k = 0;
    while (k < words && w[k] === 0) k++;
    i += k * 4;
    // A non-zero word: the answer is one of its four bytes.
    if (k < words) while (buf[i] === 0) i++;
    if (k < words) return i;
  }
  for (; i < end; i++) if (buf[i] !== 0) return i;
  return end;
}

/** Whether bytes [start, end) of `buf` are all zero. */
export function isZeroRange(buf: Uint8Array, start = 0, end = buf.length): boolean {
  return firstNonZero(buf, start, end) === end;
}
