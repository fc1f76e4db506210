// Unit tests for blkverify's filename parsing and byte comparison.
import { describe, expect, it } from 'vitest';
import type { QDict } from '../block/driver.ts';
import { blkverifyDriver, firstDifference } from './blkverify.ts';

describe('blkverify', () => {
  it('splits blkverify:RAW:TEST at the first colon; TEST keeps its own prefixes', () => {
    const o: QDict = {};
    blkverifyDriver.parseFilename!('blkverify:a.raw:file:b:c.qcow2', o);
    expect(o).toEqual({ 'x-raw': 'a.raw', 'x-image': 'file:b:c.qcow2' });
  });
  it('needs both paths', () => {
    expect(() => blkverifyDriver.parseFilename!('blkverify:a.raw', {})).toThrow('blkverify requires raw copy and original image path');
    expect(() => blkverifyDriver.parseFilename!('blkverify:', {})).toThrow('blkverify requires raw copy and original image path');
  });
  it('finds the first differing byte', () => {
    expect(firstDifference(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(-1);
    expect(firstDifference(new Uint8Array([1, 2, 3]), new Uint8Array([1, 9, 3]))).toBe(1);
  });
});
