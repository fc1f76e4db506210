// firstNonZero / isZeroRange against a plain byte loop, over odd offsets, lengths and buffer views.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nativeAddon } from './native-addon.ts';
import { firstNonZero, firstZeroBlock, firstZeroBlockJs, isZeroRange, rangesEqual } from './zero.ts';

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

function naiveZeroBlock(buf: Uint8Array, start: number, end: number, unit: number): number {
  for (let s = start; s < end; s += unit) if (naive(buf, s, Math.min(s + unit, end)) === Math.min(s + unit, end)) return s;
  return end;
}

// firstZeroBlock is the native addon's scan where it is built; both must answer the same.
it('scans natively where the addon is built', () => {
  const built = existsSync(fileURLToPath(new URL('../../build/Release/qemu_fsops.node', import.meta.url)));
  expect(typeof nativeAddon()?.firstZeroBlock === 'function').toBe(built);
});

describe.each([
  ['firstZeroBlock', firstZeroBlock],
  ['firstZeroBlockJs', firstZeroBlockJs],
])('%s', (_name, firstZeroBlock) => {
  it('matches a block-by-block loop, with zero runs at unaligned places and short last blocks', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const buf = new Uint8Array(8 * 512 + rand(700));
      for (let i = 0; i < buf.length; i++) buf[i] = 1 + rand(255);
      // Zero runs, some long enough to cover a block only when aligned by chance.
      for (let z = rand(4); z > 0; z--) buf.fill(0, rand(buf.length), rand(buf.length) + rand(1200));
      const unit = [512, 64, 4096, 8][rand(4)]!;
      const start = unit * rand(Math.floor(buf.length / unit) + 1);
      const end = start + rand(buf.length - start + 1);
      expect(firstZeroBlock(buf, start, end, unit)).toBe(naiveZeroBlock(buf, start, end, unit));
      // The same bytes in a view that starts off a word boundary take the byte-wise probe.
      const shifted = new Uint8Array(buf.length + 1).subarray(1);
      shifted.set(buf);
      expect(firstZeroBlock(shifted, start, end, unit)).toBe(naiveZeroBlock(buf, start, end, unit));
    }
  });
  it('finds an aligned zero block behind an unaligned zero run', () => {
    const buf = new Uint8Array(2048).fill(7);
    buf.fill(0, 100, 700); // unaligned run of 600 zeroes: no whole block
    buf.fill(0, 1024, 1536);
    expect(firstZeroBlock(buf, 0, 2048, 512)).toBe(1024);
    expect(firstZeroBlock(buf, 0, 1024, 512)).toBe(1024);
  });
});

describe('rangesEqual', () => {
  it('compares the same range of two buffers', () => {
    const a = new Uint8Array(100_000).fill(3);
    const b = a.slice();
    expect(rangesEqual(a, b, 0, a.length)).toBe(true);
    b[70_000] = 4;
    expect(rangesEqual(a, b, 0, a.length)).toBe(false);
    expect(rangesEqual(a, b, 0, 70_000)).toBe(true);
    expect(rangesEqual(a, b, 70_001, 100_000)).toBe(true);
    expect(rangesEqual(a.subarray(1), b.subarray(1), 69_999, 70_000)).toBe(false);
  });
});

describe('firstNonZero over long buffers', () => {
  it('finds a byte deep inside a large zero buffer, in every chunk position', () => {
    const buf = new Uint8Array(300_000);
    for (const at of [16, 17, 511, 512, 65_535, 65_536, 65_537, 131_071, 299_999]) {
      buf[at] = 1;
      expect(firstNonZero(buf)).toBe(at);
      expect(firstNonZero(buf.subarray(3), 0)).toBe(at - 3);
      buf[at] = 0;
    }
    expect(firstNonZero(buf)).toBe(buf.length);
  });
});
