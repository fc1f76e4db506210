// perlExtents against a sparse file whose holes the file system reports (any Linux file system with SEEK_HOLE).
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExtents, perlExtents } from './perl-extents.ts';

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
