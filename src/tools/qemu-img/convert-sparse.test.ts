// Sparse write decisions and buffer scans used by convert and compare.
import { describe, expect, it } from 'vitest';
import { compareBuffers, findNonzero } from './buffers.ts';
import { nextWriteExtent } from './convert-sparse.ts';
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
