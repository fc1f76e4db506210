// firstNonZero / isZeroRange against a plain byte loop, over odd offsets, lengths and buffer views.
import { describe, expect, it } from 'vitest';
import { firstNonZero, isZeroRange } from './zero.ts';

function naive(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return i;
  return end;
}

describe('firstNonZero', () => {
  it('matches a byte loop on sparse buffers and unaligned views', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const base = new Uint8Array(4096 + 8);
    for (let round = 0; round < 400; round++) {
      base.fill(0);
      const marks = rand(3);
      for (let m = 0; m < marks; m++) base[rand(base.length)] = 1 + rand(255);
      const view = base.subarray(rand(8));
      const start = rand(view.length);
      const end = start + rand(view.length - start + 1);
      expect(firstNonZero(view, start, end)).toBe(naive(view, start, end));
      expect(isZeroRange(view, start, end)).toBe(naive(view, start, end) === end);
    }
  });
  it('finds a byte in the middle of a non-zero word, and answers end for empty ranges', () => {
    const buf = new Uint8Array(1024);
    buf[515] = 9;
    expect(firstNonZero(buf)).toBe(515);
    expect(firstNonZero(buf, 516)).toBe(1024);
    expect(firstNonZero(buf, 100, 100)).toBe(100);
    expect(isZeroRange(buf, 0, 515)).toBe(true);
  });
});
