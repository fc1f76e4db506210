// Unit tests of the pattern helpers: command lists and expected buffers.
import { describe, expect, it } from 'vitest';
import { patternBuffer, patternByte, patternCommands } from './pattern.ts';

describe('pattern helpers', () => {
  const r = { start: 512, size: 512, step: 1024, count: 3, pattern: 0xfe, patternStep: 1 };
  it('steps the pattern byte modulo 256', () => {
    expect([0, 1, 2].map((i) => patternByte(r, i))).toEqual([0xfe, 0xff, 0x00]);
    expect(patternByte({ start: 0, size: 1, step: 1, count: 1 }, 5)).toBe(0xa5);
  });
  it('builds one command per request, aio ones followed by aio_flush', () => {
    expect(patternCommands('write', r)).toEqual(['write -P 254 512 512', 'write -P 255 1536 512', 'write -P 0 2560 512']);
    expect(patternCommands('aio_verify', { ...r, count: 1 })).toEqual(['aio_read -P 254 512 512', 'aio_flush']);
    expect(patternCommands('verifyZero', { ...r, count: 1 })).toEqual(['read -P 0 512 512']);
    expect(patternCommands('zero', { ...r, count: 1 })).toEqual(['write -z 512 512']);
    expect(patternCommands('discard', { ...r, count: 1 })).toEqual(['discard 512 512']);
  });
  it('computes the bytes a write leaves behind, clipped to the length', () => {
    const buf = patternBuffer({ start: 1, size: 2, step: 3, count: 3, pattern: 7, patternStep: 1 }, 8);
    expect([...buf]).toEqual([0, 7, 7, 0, 8, 8, 0, 9]);
  });
});
