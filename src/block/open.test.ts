import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openImage } from './open.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'open-'));
  await writeFile(join(dir, 'r.raw'), new Uint8Array(1 << 20));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openErr(req: Parameters<typeof openImage>[0]): Promise<string> {
  try {
    const b = await openImage(req);
    await b.close();
    return 'opened';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('openImage', () => {
  it('probes raw and reports the warning only for writers', async () => {
    const seen: string[] = [];
    const b = await openImage({ cwd: dir, filename: 'r.raw', report: (t) => seen.push(t) });
    expect(b.root.driver.formatName).toBe('raw');
    expect(seen[0]).toMatch(/^WARNING: Image format was not specified for 'r.raw' and probing guessed raw\./);
    await b.close();
    const ro = await openImage({ cwd: dir, filename: 'r.raw', flags: { readOnly: true }, report: (t) => seen.push(t) });
    expect(seen.length).toBe(1);
    await ro.close();
  });

  it('names nodes with options by json: pseudo-filenames in QDict order', async () => {
    const b = await openImage({ cwd: dir, options: { driver: 'raw', offset: '512', 'file.filename': 'r.raw' }, flags: { readOnly: true } });
    expect(b.root.filename).toBe('json:{"offset": "512", "driver": "raw", "file": {"driver": "file", "filename": "r.raw"}}');
    expect(await b.getLength()).toBe((1 << 20) - 512);
    await b.close();
  });

  it('gives QEMU errors for bad drivers, options and references', async () => {
    expect(await openErr({ cwd: dir, filename: 'r.raw', format: 'foo' })).toBe("Unknown driver 'foo'");
    expect(await openErr({ cwd: dir, filename: 'foo:bar' })).toBe("Unknown protocol 'foo'");
    expect(await openErr({ cwd: dir, options: { driver: 'raw', foo: '1', file: { filename: 'r.raw' } } })).toBe(
      "Block format 'raw' does not support the option 'foo'",
    );
    expect(await openErr({ cwd: dir, options: { driver: 'raw', file: { filename: 'r.raw', foo: '1' } } })).toBe(
      "Block protocol 'file' doesn't support the option 'foo'",
    );
    expect(await openErr({ cwd: dir, options: { driver: 'raw', file: 'nope' } })).toBe("Cannot find device='nope' nor node-name='nope'");
    expect(await openErr({ cwd: dir, options: { driver: 'raw' } })).toBe('A block device must be specified for "file"');
    expect(await openErr({ cwd: dir, options: { driver: 'raw', 'read-only': 'on', file: { filename: 'r.raw' } } })).toBe(
      'Block node is read-only',
    );
    expect(await openErr({ cwd: dir, filename: 'json:{"driver":"raw"' })).toBe(
      'Could not parse the JSON options: JSON parse error, premature EOI',
    );
  });
});
