// Test fixture shared by the fallocate/SEEK_DATA tests: a sparse file, and what it must hold after the standard requests.
import { closeSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Make `dir/name`, 1 MiB: 256 KiB of 0x55 from offset 256 KiB, the rest a hole; returns its path and an open read-write fd (or closes it). */
export function makeSparseFile(dir: string, name: string, keepOpen = false): { path: string; fd: number } {
  const path = join(dir, name);
  const fd = openSync(path, 'w+');
  writeSync(fd, new Uint8Array(256 * 1024).fill(0x55), 0, 256 * 1024, 256 * 1024);
  ftruncateSync(fd, 1024 * 1024);
  if (keepOpen) return { path, fd };
  closeSync(fd);
  return { path, fd: -1 };
}

/** After punch 256K+64K, zero 384K+64K and alloc 0+64K: zeroes where asked, the data around them kept, the size unchanged. */
export function expectPunchedAndZeroed(path: string): void {
  const data = readFileSync(path);
  expect(data.subarray(262144, 327680).every((b) => b === 0)).toBe(true);
  expect(data.subarray(393216, 458752).every((b) => b === 0)).toBe(true);
  expect(data[327680]).toBe(0x55);
  expect(data[458752]).toBe(0x55);
  expect(statSync(path).size).toBe(1024 * 1024);
}
