// Unit tests for the extended L2 entry codec: bitmap halves, masks and subcluster types.

import { describe, expect, it } from 'vitest';
import { l2 } from './entries.ts';
import { makeGeometry } from './geometry.ts';
import { bitLength32, ctz32, getBitmap, getL2, rangeMask, setBitmap, setL2, subclusterType } from './subclusters.ts';

describe('extended L2 entries', () => {
  it('have 16-byte slots: entry words then the bitmap (zero bits high, allocation bits low)', () => {
    const g = makeGeometry(16, 4, true);
    expect([g.l2Entries, g.l2Stride, g.subclusterSize]).toEqual([4096, 2, 2048]);
    const t = new Uint8Array(64);
    setL2(g, t, 1, l2.make(0x50000, true));
    setBitmap(t, 1, { alloc: 0x80000001, zero: 0x6 });
    expect(Buffer.from(t.subarray(16, 32)).toString('hex')).toBe('80000000000500000000000680000001');
    expect(getL2(g, t, 1)).toEqual({ hi: 0x80000000, lo: 0x50000 });
    expect(getBitmap(t, 1)).toEqual({ alloc: 0x80000001, zero: 6 });
  });

  it('masks and bit scans cover the whole 32-bit word', () => {
    expect(rangeMask(0, 32)).toBe(0xffffffff);
    expect(rangeMask(31, 32)).toBe(0x80000000);
    expect(rangeMask(2, 5)).toBe(0x1c);
    expect(rangeMask(3, 3)).toBe(0);
    expect([ctz32(0), ctz32(0x80000000), ctz32(12)]).toEqual([32, 31, 2]);
    expect([bitLength32(0), bitLength32(0x80000000), bitLength32(5)]).toEqual([0, 32, 3]);
  });

  it('classify subclusters as the spec says, with impossible bitmaps invalid', () => {
    const mapped = l2.make(0x10000, true);
    const none = l2.unallocated();
    expect(subclusterType(mapped, { alloc: 1, zero: 2 }, 0, false)).toBe('normal');
    expect(subclusterType(mapped, { alloc: 1, zero: 2 }, 1, false)).toBe('zero-alloc');
    expect(subclusterType(mapped, { alloc: 1, zero: 2 }, 2, false)).toBe('unallocated-alloc');
    expect(subclusterType(mapped, { alloc: 1, zero: 1 }, 5, false)).toBe('invalid');
    expect(subclusterType(none, { alloc: 0, zero: 4 }, 2, false)).toBe('zero-plain');
    expect(subclusterType(none, { alloc: 0, zero: 4 }, 3, false)).toBe('unallocated');
    expect(subclusterType(none, { alloc: 8, zero: 0 }, 0, false)).toBe('invalid');
    expect(subclusterType(l2.makeCompressed(0x10200, 100, 16), { alloc: 0, zero: 0 }, 7, false)).toBe('compressed');
  });
});
