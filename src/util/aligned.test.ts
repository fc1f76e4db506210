// Unit tests for the page-aligned I/O buffers.

import { describe, expect, it } from 'vitest';
import { alignedBytes, pageAlignedBytes } from './aligned.ts';

describe('aligned buffers', () => {
  it('gives zeroed buffers of exactly the size asked', () => {
    for (const n of [0, 1, 512, 65536, 65537, 3 * 1024 * 1024 + 5]) {
      for (const make of [alignedBytes, pageAlignedBytes]) {
        const b = make(n);
        expect(b.length).toBe(n);
        expect(b.every((x) => x === 0)).toBe(true);
      }
    }
  });

  it('backs large and reused buffers with their own page-aligned memory (offset 0 of a whole-page buffer)', () => {
    for (const b of [alignedBytes(2 * 1024 * 1024), pageAlignedBytes(4096)]) {
      expect(b.byteOffset).toBe(0);
      expect(b.buffer.byteLength % 65536).toBe(0);
    }
  });

  it('leaves small one-off buffers as plain allocations', () => {
    expect(alignedBytes(4096).buffer.byteLength).toBe(4096);
  });
});
