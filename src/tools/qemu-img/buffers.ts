// Buffer scans qemu-img's compare and convert share: sector-wise equality and zero detection.

/** Bytes per I/O buffer in compare and convert (IO_BUF_SIZE, 2 MiB). */
export const IO_BUF_SIZE = 2 * 1024 * 1024;

import { firstNonZero, rangesEqual } from '../../util/zero.ts';

const SECTOR = 512;

/**
 * compare_buffers(): whether the first sector differs, and how many bytes from the start share
 * that answer (whole sectors, the last one possibly short).
 */
export function compareBuffers(a: Uint8Array, b: Uint8Array): { differ: boolean; pnum: number } {
  const n = Math.min(a.length, b.length);
  if (n === 0) return { differ: false, pnum: 0 };
  const differ = !rangesEqual(a, b, 0, Math.min(SECTOR, n));
  let pnum = Math.min(SECTOR, n);
  // Equal buffers are the common case: one comparison settles the rest.
  if (!differ && rangesEqual(a, b, pnum, n)) return { differ, pnum: n };
  while (pnum < n) {
    const end = Math.min(pnum + SECTOR, n);
    if (rangesEqual(a, b, pnum, end) === differ) break;
    pnum = end;
  }
  return { differ, pnum };
}

/** find_nonzero(): offset of the first sector holding a non-zero byte, or -1. */
export function findNonzero(buf: Uint8Array): number {
  const nz = firstNonZero(buf);
  return nz === buf.length ? -1 : nz - (nz % SECTOR);
}
