// FsHelper gives the same answers through the native addon as through its helper process: extents, punch, zero, allocate, errors.
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsHelper } from './fs-helper.ts';
import { nativeAddon } from '../util/native-addon.ts';
import { expectPunchedAndZeroed, makeSparseFile } from './testing-sparse.ts';

const dir = mkdtempSync(join(tmpdir(), 'fs-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const native = nativeAddon();
const kinds = [
  { name: 'native addon', native, available: native !== undefined },
  { name: 'helper process', native: undefined, available: true },
];

describe.each(kinds)('FsHelper through the $name', ({ name, native, available }) => {
  it.skipIf(!available)('reports extents, punches, zeroes and allocates', async () => {
    const { path, fd } = makeSparseFile(dir, `${name}.img`, true);
    const h = new FsHelper(path, () => fd, native);
    try {
      expect(await h.dataExtents()).toEqual([[262144, 524288]]);
      expect(await h.fallocate('punch', 262144, 65536)).toBe(0);
      expect(await h.dataExtents()).toEqual([[327680, 524288]]);
      expect(await h.fallocate('zero', 393216, 65536)).toBe(0);
      expect(await h.fallocate('alloc', 0, 65536)).toBe(0);
      // A negative length is EINVAL (22).
      expect(await h.fallocate('alloc', 0, -1)).toBe(22);
    } finally {
      h.close();
      closeSync(fd);
    }
    expectPunchedAndZeroed(path);
  });

  it.skipIf(!available)('sees an empty or all-hole file as no extents', async () => {
    const path = join(dir, `${name}-hole.img`);
    const fd = openSync(path, 'w+');
    ftruncateSync(fd, 1 << 20);
    const h = new FsHelper(path, () => fd, native);
    try {
      expect(await h.dataExtents()).toEqual([]);
    } finally {
      h.close();
      closeSync(fd);
    }
  });
});

describe('the native addon', () => {
  it.skipIf(!native)('answers an errno for a descriptor that is not open', () => {
    expect(native!.extents(-1)).toBe(9);
    expect(native!.fallocate(-1, 0, 0, 4096)).toBe(9);
  });
});
