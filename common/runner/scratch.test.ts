import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunDir } from './scratch.ts';
import { Timings } from './timings.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'runner-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('acquireRunDir', () => {
  it('takes the shared directory and gives it back', () => {
    const root = tmp();
    const r = acquireRunDir(root, 'raw-file');
    expect(r.path).toBe(join(root, 'raw-file'));
    expect(readFileSync(join(r.path, '.owner'), 'utf8')).toBe(String(process.pid));
    r.release(false);
    expect(existsSync(join(r.path, '.owner'))).toBe(false);
  });

  it('uses a private directory while a live process owns the shared one', () => {
    const root = tmp();
    mkdirSync(join(root, 'raw-file'));
    writeFileSync(join(root, 'raw-file/.owner'), String(process.ppid));
    const r = acquireRunDir(root, 'raw-file');
    expect(r.path).toBe(join(root, `raw-file-${process.pid}`));
    r.release(false);
    expect(existsSync(r.path)).toBe(false);
  });

  it('sweeps private directories of runs that ended over an hour ago', () => {
    const root = tmp();
    for (const name of ['raw-file-999999998', 'raw-file-999999997', `raw-file-${process.ppid}`, 'qcow2-file-999999996']) {
      mkdirSync(join(root, name));
    }
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    for (const name of ['raw-file-999999998', `raw-file-${process.ppid}`, 'qcow2-file-999999996']) utimesSync(join(root, name), old, old);
    acquireRunDir(root, 'raw-file').release(false);
    expect(existsSync(join(root, 'raw-file-999999998'))).toBe(false);
    expect(existsSync(join(root, 'raw-file-999999997'))).toBe(true);
    expect(existsSync(join(root, `raw-file-${process.ppid}`))).toBe(true);
    expect(existsSync(join(root, 'qcow2-file-999999996'))).toBe(true);
  });

  it('takes over from a dead owner', () => {
    const root = tmp();
    mkdirSync(join(root, 'raw-file'));
    writeFileSync(join(root, 'raw-file/.owner'), '999999999');
    expect(acquireRunDir(root, 'raw-file').path).toBe(join(root, 'raw-file'));
  });
});

describe('Timings', () => {
  it('keeps times per configuration between runs, and survives a broken file', () => {
    const file = join(tmp(), 't.json');
    const a = Timings.load(file, 'raw-file');
    expect(a.get('001')).toBeUndefined();
    a.update('001', 1.5);
    a.save();
    const b = Timings.load(file, 'qcow2-file');
    b.update('001', 2);
    b.save();
    expect(Timings.load(file, 'raw-file').get('001')).toBe(1.5);
    expect(Timings.load(file, 'qcow2-file').get('001')).toBe(2);
    writeFileSync(file, '{broken');
    expect(Timings.load(file, 'raw-file').get('001')).toBeUndefined();
  });
});
