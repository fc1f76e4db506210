// How convert decides which parts of a data buffer to write and which to leave as holes (the -S sparse size).

const SECTOR = 512;

/** Whether bytes [start, end) of `buf` are all zero (checked a 32-bit word at a time where aligned). */
export function isZeroBytes(buf: Uint8Array, start: number, end: number): boolean {
  if (start < end && buf[start] !== 0) return false;
  let i = start;
  while (i < end && (buf.byteOffset + i) % 4 !== 0) if (buf[i++] !== 0) return false;
  const words = (end - i) >> 2;
  if (words > 0) {
    const w = new Int32Array(buf.buffer, buf.byteOffset + i, words);
    for (let k = 0; k < words; k++) if (w[k] !== 0) return false;
    i += words * 4;
  }
  for (; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function sectorIsZero(buf: Uint8Array, sector: number): boolean {
  return isZeroBytes(buf, sector * SECTOR, Math.min((sector + 1) * SECTOR, buf.length));
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
  let i = 1;
  while (i < count && sectorIsZero(buf, first + i) === zero) i++;
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
