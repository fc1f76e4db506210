// How convert decides which parts of a data buffer to write and which to leave as holes (the -S sparse size).

import { firstNonZero, firstZeroBlock, isZeroRange } from '../../util/zero.ts';

const SECTOR = 512;

function sectorIsZero(buf: Uint8Array, sector: number): boolean {
  return isZeroRange(buf, sector * SECTOR, Math.min((sector + 1) * SECTOR, buf.length));
}

/** How many sectors from `first` (at most `count`) share the zero-ness `zero` of sector `first`. */
function sameKindRun(buf: Uint8Array, first: number, count: number, zero: boolean): number {
  if (zero) {
    // One scan over the whole range: the run ends at the sector holding the first non-zero byte.
    const end = Math.min((first + count) * SECTOR, buf.length);
    const nz = firstNonZero(buf, first * SECTOR, end);
    return nz >= end ? count : Math.floor(nz / SECTOR) - first;
  }
  // A data run ends at the next all-zero sector; sectors past the buffer's end count as zero.
  const end = Math.min((first + count) * SECTOR, buf.length);
  const from = Math.min((first + 1) * SECTOR, end);
  const z = firstZeroBlock(buf, from, end, SECTOR);
  const next = z < end ? z / SECTOR : Math.ceil(end / SECTOR);
  return Math.max(1, Math.min(count, next - first));
}

/**
 * The run of sectors from `first` (of `count`) that are all zero or all non-zero. When the run
 * stops short of the end, its end is moved to an `alignment` boundary (counted in absolute
 * sectors from `sectorNum`): data runs grow to the boundary, zero runs shrink to it, and a zero
 * run too short to reach a boundary counts as data.
 */
export function alignedRun(
  buf: Uint8Array, first: number, count: number, sectorNum: number, alignment: number,
): { data: boolean; sectors: number } {
  if (count <= 0) return { data: false, sectors: 0 };
  const zero = sectorIsZero(buf, first);
  let i = sameKindRun(buf, first, count, zero);
  if (i === count) return { data: !zero, sectors: i };
  let data = !zero;
  const tail = (sectorNum + i) % alignment;
  if (tail !== 0) {
    if (!data && i <= tail) data = true;
    if (data) i = Math.min(i + alignment - tail, count);
    else i -= tail;
  }
  return { data, sectors: i };
}

/**
 * The next write decision for `count` sectors of `buf` starting at absolute sector `sectorNum`:
 * `data` with how many sectors to write, or a zero stretch. A data stretch swallows zero runs
 * shorter than `minSparse` sectors that are followed by more data.
 */
export function nextWriteExtent(
  buf: Uint8Array, first: number, count: number, minSparse: number, sectorNum: number, alignment: number,
): { data: boolean; sectors: number } {
  const min = Math.min(minSparse, count);
  const head = alignedRun(buf, first, count, sectorNum, alignment);
  if (!head.data) return head;
  let used = head.sectors;
  let checked = head.sectors;
  while (checked < count) {
    const run = alignedRun(buf, first + checked, count - checked, sectorNum + checked, alignment);
    checked += run.sectors;
    if (run.data) used = checked;
    else if (run.sectors >= min) break;
  }
  return { data: true, sectors: used };
}
