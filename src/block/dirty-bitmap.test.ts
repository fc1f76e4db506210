// Unit tests of in-memory dirty bitmaps and the block-dirty-bitmap-* operations on a node without persistence.

import { describe, expect, it } from 'vitest';
import { addBitmap, clearBitmap, enableBitmap, mergeBitmap, removeBitmap } from './bitmap-qmp.ts';
import { dirtyCount, markDirty, newBitmap, resizeBitmap, setRange } from './dirty-bitmap.ts';
import type { BlockNode } from './node.ts';

/** A node stub with what the bitmap operations use: length, cluster size, the bitmap list. */
function stubNode(length: number, clusterSize?: number): BlockNode {
  return {
    nodeName: '#block1',
    driver: { getLength: async () => length, getClusterSize: () => clusterSize },
  } as unknown as BlockNode;
}

const message = async (p: Promise<unknown> | (() => void)) => {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('dirty bitmap bits', () => {
  it('sets every chunk a range touches, little-endian within bytes, clamped to the size', () => {
    const b = newBitmap('x', 512, 8192);
    setRange(b, 511, 2);
    expect([...b.bits]).toEqual([0x03, 0]);
    setRange(b, 8000, 1000);
    expect([...b.bits]).toEqual([0x03, 0x80]);
    expect(dirtyCount(b)).toBe(3);
  });

  it('resizes keeping old bits and dropping those past the new end', () => {
    const b = newBitmap('x', 512, 8192);
    b.bits.fill(0xff);
    resizeBitmap(b, 3 * 512);
    expect([...b.bits]).toEqual([0x07]);
    resizeBitmap(b, 20 * 512);
    expect([...b.bits]).toEqual([0x07, 0, 0]);
  });

  it('only enabled bitmaps follow writes', () => {
    const node = stubNode(1 << 20);
    const on = newBitmap('on', 65536, 1 << 20);
    const off = newBitmap('off', 65536, 1 << 20);
    off.enabled = false;
    node.dirtyBitmaps = [on, off];
    markDirty(node, 65536, 1);
    expect([dirtyCount(on), dirtyCount(off)]).toEqual([1, 0]);
  });
});

describe('block-dirty-bitmap operations', () => {
  it('add picks the granularity QEMU picks and checks names and granularities', async () => {
    const node = stubNode(1 << 20, 512);
    await addBitmap(node, 'a', { persistent: false, disabled: false });
    expect(node.dirtyBitmaps![0]!.granularity).toBe(4096);
    expect(await message(addBitmap(node, 'a', { persistent: false, disabled: false }))).toBe('Bitmap already exists: a');
    expect(await message(addBitmap(node, '', { persistent: false, disabled: false }))).toBe('Bitmap name cannot be empty');
    expect(await message(addBitmap(node, 'g', { granularity: 1000, persistent: false, disabled: false }))).toBe(
      'Granularity must be power of 2 and at least 512',
    );
    // QMP's uint32: 6 GiB arrives as 2 GiB.
    await addBitmap(node, 'big', { granularity: 6 * 2 ** 30, persistent: false, disabled: true });
    expect([node.dirtyBitmaps![0]!.granularity, node.dirtyBitmaps![0]!.enabled]).toEqual([2 ** 31, false]);
    expect(await message(addBitmap(node, 'p', { persistent: true, disabled: false }))).toBe(
      "Can't store persistent bitmaps to #block1: Operation not supported",
    );
    expect(await message(addBitmap(node, 'n'.repeat(1024), { persistent: false, disabled: false }))).toBe(`Bitmap name too long: ${'n'.repeat(1024)}`);
  });

  it('merges across granularities and refuses different sizes', async () => {
    const node = stubNode(64 << 20, 65536);
    await addBitmap(node, 'fine', { granularity: 512, persistent: false, disabled: false });
    await addBitmap(node, 'coarse', { granularity: 1 << 20, persistent: false, disabled: true });
    markDirty(node, 3 << 20, 512);
    mergeBitmap(node, 'coarse', node, 'fine');
    const coarse = node.dirtyBitmaps!.find((b) => b.name === 'coarse')!;
    expect([...coarse.bits.subarray(0, 1)]).toEqual([0x08]);
    const other = stubNode(32 << 20);
    other.dirtyBitmaps = [newBitmap('src', 65536, 32 << 20)];
    expect(await message(() => mergeBitmap(node, 'fine', other, 'src'))).toBe(
      "Bitmaps are of different sizes (destination size is 67108864, source size is 33554432) and can't be merged",
    );
    expect(await message(() => mergeBitmap(node, 'fine', other, 'nope'))).toBe("Dirty bitmap 'nope' not found");
  });

  it('refuses to touch inconsistent bitmaps but removes them', async () => {
    const node = stubNode(1 << 20);
    const b = newBitmap('crashed', 65536, 1 << 20);
    b.inconsistent = true;
    node.dirtyBitmaps = [b];
    const why = "Bitmap 'crashed' is inconsistent and cannot be used\nTry block-dirty-bitmap-remove to delete this bitmap from disk";
    expect(await message(() => clearBitmap(node, 'crashed'))).toBe(why);
    expect(await message(() => enableBitmap(node, 'crashed', true))).toBe(why);
    await removeBitmap(node, 'crashed');
    expect(node.dirtyBitmaps).toEqual([]);
    expect(await message(() => clearBitmap(node, 'crashed'))).toBe("Dirty bitmap 'crashed' not found");
  });
});
