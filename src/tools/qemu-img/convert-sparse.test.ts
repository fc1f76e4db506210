// Sparse write decisions and buffer scans used by convert and compare.
import { describe, expect, it } from 'vitest';
import { compareBuffers, findNonzero } from './buffers.ts';
import { alignedRun, nextWriteExtent } from './convert-sparse.ts';
import { chunkPercent } from './progress.ts';

function sectors(pattern: string): Uint8Array {
  const buf = new Uint8Array(pattern.length * 512);
  [...pattern].forEach((c, i) => { if (c === 'D') buf[i * 512 + 7] = 1; });
  return buf;
}

describe('nextWriteExtent', () => {
  it('skips leading zeroes', () => {
    expect(nextWriteExtent(sectors('ZZZZDDDD'), 0, 8, 8, 0, 1)).toEqual({ data: false, sectors: 4 });
  });
  it('swallows zero runs shorter than the sparse size', () => {
    expect(nextWriteExtent(sectors('DDZZDDZZZZZZZZZZ'), 0, 16, 4, 0, 1)).toEqual({ data: true, sectors: 6 });
  });
  it('aligns data ends up to the target alignment', () => {
    expect(nextWriteExtent(sectors('DZZZZZZZZZZZZZZZ'), 0, 16, 8, 0, 8)).toEqual({ data: true, sectors: 8 });
  });
});

describe('alignedRun', () => {
  /** The definition: sector by sector, each checked byte by byte. */
  function reference(buf: Uint8Array, first: number, count: number, sectorNum: number, alignment: number) {
    const zeroAt = (k: number) => buf.subarray(k * 512, (k + 1) * 512).every((b) => b === 0);
    const zero = zeroAt(first);
    let i = 1;
    while (i < count && zeroAt(first + i) === zero) i++;
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
  it('agrees with the sector-by-sector definition', () => {
    const patterns = ['DDZZZZZZZZZDZZZD', 'ZZZZZZZZZZZZZZZZ', 'DZDZDZDZ', 'ZZZZZZZZZZZZZZZD', 'DDDDDDDD'];
    for (const p of patterns) {
      // the non-zero byte early in each data sector (sectors()) and in its last word
      const late = new Uint8Array(p.length * 512);
      [...p].forEach((c, i) => { if (c === 'D') late[i * 512 + 509] = 1; });
      for (const buf of [sectors(p), late]) for (let first = 0; first < p.length; first++) {
        for (const alignment of [1, 4, 8]) {
          for (const sectorNum of [first, first + 3]) {
            const count = p.length - first;
            expect(alignedRun(buf, first, count, sectorNum, alignment)).toEqual(reference(buf, first, count, sectorNum, alignment));
          }
        }
      }
    }
  });
});

describe('buffers', () => {
  it('compares by sector', () => {
    const a = new Uint8Array(2048);
    const b = new Uint8Array(2048);
    b[1500] = 1;
    expect(compareBuffers(a, b)).toEqual({ differ: false, pnum: 1024 });
    expect(findNonzero(b)).toBe(1024);
  });
  it('computes progress in float', () => {
    expect(chunkPercent(65536, 1073741824).toFixed(2)).toBe('0.01');
  });
});
