// perlExtents against a sparse file whose holes the file system reports, and extentAt over extents.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExtents, perlExtents } from './perl-extents.ts';
import { extentAt } from './file-extents.ts';

const dir = mkdtempSync(join(tmpdir(), 'perl-extents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('perlExtents', () => {
  it('parses the answer into pairs', () => {
    expect(parseExtents('0 4096 65536 131072\n')).toEqual([[0, 4096], [65536, 131072]]);
    expect(parseExtents('\n')).toEqual([]);
  });
  it('finds the data of a sparse file (perl-base is on every Debian system)', async () => {
    const path = join(dir, 'sparse');
    const fd = openSync(path, 'w');
    writeSync(fd, new Uint8Array(4096).fill(1), 0, 4096, 1 << 20);
    ftruncateSync(fd, 4 << 20);
    closeSync(fd);
    expect(await perlExtents(path)).toEqual([[1 << 20, (1 << 20) + 4096]]);
    expect(await perlExtents(join(dir, 'missing'))).toBeUndefined();
  });
});

describe('extentAt', () => {
  it('answers as a walk over the extents would', () => {
    const extents: Array<[number, number]> = [[0, 10], [20, 30], [30, 35], [50, 60]];
    const walk = (offset: number) => {
      for (const [s, e] of extents) {
        if (offset < s) return { data: false, end: s };
        if (offset < e) return { data: true, end: e };
      }
      return { data: false, end: Number.MAX_SAFE_INTEGER };
    };
    for (let offset = 0; offset < 70; offset++) expect(extentAt(extents, offset)).toEqual(walk(offset));
    expect(extentAt([], 5)).toEqual({ data: false, end: Number.MAX_SAFE_INTEGER });
  });
});
