// The perl and python3 helpers answer the same requests the same way: fallocate's punch, zero and allocate, and SEEK_DATA extents.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helperCommand } from './helper-scripts.ts';
import { expectPunchedAndZeroed, makeSparseFile } from './testing-sparse.ts';

const dir = mkdtempSync(join(tmpdir(), 'helper-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const makeFile = (name: string): string => makeSparseFile(dir, name).path;

function ask(cmd: { bin: string; args: string[] }, lines: string[]): string[] {
  const r = spawnSync(cmd.bin, cmd.args, { input: lines.map((l) => `${l}\n`).join(''), encoding: 'utf8' });
  return r.stdout.trim().split('\n');
}

const kinds = [
  { name: 'perl', make: (p: string) => helperCommand(p, 'x64'), available: existsSync('/usr/bin/perl') && process.arch === 'x64' },
  { name: 'python3', make: (p: string) => helperCommand(p, 'ia32'), available: existsSync('/usr/bin/python3') },
];

describe.each(kinds)('the $name helper', ({ name, make, available }) => {
  it.skipIf(!available)('punches, zeroes and allocates, and reports data extents', () => {
    const path = makeFile(`${name}.img`);
    const answers = ask(make(path), ['extents', 'punch 262144 65536', 'extents', 'zero 393216 65536', 'alloc 0 65536', 'extents', 'bogus']);
    expect(answers[0]).toBe('ok 262144 524288');
    expect(answers[1]).toBe('ok 0');
    expect(answers[2]).toBe('ok 327680 524288');
    expect(answers[3]).toBe('ok 0');
    expect(answers[4]).toBe('ok 0');
    expect(answers).toHaveLength(7);
    expectPunchedAndZeroed(path);
  });
  it.skipIf(!available)('answers errno numbers for failed calls', () => {
    const path = makeFile(`${name}-err.img`);
    // A negative length is EINVAL (22) for fallocate.
    expect(ask(make(path), ['alloc 0 -1'])).toEqual(['ok 22']);
  });
});
