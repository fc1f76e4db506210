import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckArgs } from './options.ts';
import { runCheck } from './run.ts';

// A whole tree in a temp directory: tests, goldens, a minimal test library and fake spawned tools.
let root: string;

const TEST = (body: string, extra = '') => `export default {
  groups: ['quick'], formats: ['generic'], purpose: 'x', ${extra}
  async run(t) { ${body} },
};
`;

function file(path: string, text: string, mode?: number): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
  if (mode) chmodSync(join(root, path), mode);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'check-run-test-'));
  file('common/context.ts', 'export function createTestContext(env, tools, out) { return { env, tools, out }; }\n');
  file('fake/qemu-io', '#!/bin/sh\necho "args: $*"\necho "in $(basename "$PWD") fmt=$IMGFMT" >&2\nexit 3\n', 0o755);
  file('fake/qemu-img', '#!/bin/sh\nkill -9 $$\n', 0o755);
  const io = "const r = await t.tools.run('qemu-io', ['a', 'b']); t.out.write(`${r.stdout}${r.stderr}status ${r.status}\\n`);";
  file('tests/001.ts', TEST(io));
  file('golden/001.out', 'QA output created by 001\nargs: a b\nin 001 fmt=raw\nstatus 3\n*** done\n');
  file('tests/002.ts', TEST("const r = await t.tools.run('qemu-img', []); t.out.write(`status ${r.status}\\n`);"));
  file('golden/002.out', 'QA output created by 002\nstatus 0\n*** done\n');
  file('tests/003.ts', TEST("t.out.write('partial\\n'); throw new Error('boom');"));
  file('golden/003.out', 'QA output created by 003\npartial\n*** done\n');
  file('tests/004.ts', TEST('', "beyondQemu: 'QEMU 7.2 crashes',"));
  file('tests/005.ts', TEST('').replace("['generic']", "['qcow2']"));
  file('tests/006.ts', TEST("t.out.write('new\\n');"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function check(...argv: string[]): Promise<{ status: number; lines: string[] }> {
  const parsed = parseCheckArgs(argv);
  if (parsed.kind !== 'run') throw new Error('bad args');
  const lines: string[] = [];
  const con = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`), raw: () => {}, isTTY: false };
  const env = { ...process.env, TEST_DIR: undefined, QEMU_IMG_PROG: undefined, QEMU_IO_PROG: undefined };
  const status = await runCheck(parsed.options, { root, env, cwd: root }, con);
  return { status, lines };
}

describe('runCheck against spawned fake tools', () => {
  it('passes, fails, crashes and skips like QEMU reports them', async () => {
    const { status, lines } = await check('--qemu', join(root, 'fake'));
    expect(status).toBe(1);
    const rows = lines.filter((l) => /^00\d /.test(l));
    expect(rows[0]).toMatch(/^001 +\d\.\ds$/);
    expect(rows[1]).toMatch(/^002 +\d\.\ds +output mismatch \(see scratch\/raw-file-qemu\/002\.out\.bad\)$/);
    expect(rows[2]).toMatch(/\[failed, exit status 1\] output mismatch/);
    expect(rows[3]).toBe('004   [not run] beyond QEMU 7.2: QEMU 7.2 crashes');
    expect(rows[4]).toBe('005   [not run] not suitable for this image format: raw');
    expect(rows[5]).toBe('006   [not run] no qualified output (expected golden/006.out)');
    expect(lines).toContain('+status 137');
    expect(lines.slice(-6)).toEqual([
      'Not run: 004 005 006', 'Failures: 002 003', 'Failed 2 of 3 iotests',
      'Beyond QEMU 7.2 (not run against QEMU): 004', '  004: QEMU 7.2 crashes', '1 passed, 2 failed, 3 skipped',
    ]);
    expect(lines[lines.length - 1]).toBe('1 passed, 2 failed, 3 skipped');
    expect(readFileSync(join(root, 'scratch/raw-file-qemu/003.out.bad'), 'utf8')).toMatch(/^QA output created by 003\npartial\nError: boom\n/);
  });

  it('regenerates a golden, then passes with it', async () => {
    expect((await check('--qemu', join(root, 'fake'), '--regen', '006')).lines).toContainEqual(
      expect.stringMatching(/^006 .*regenerated golden\/006\.out$/),
    );
    expect(readFileSync(join(root, 'golden/006.out'), 'utf8')).toBe('QA output created by 006\nnew\n*** done\n');
    const again = await check('--qemu', join(root, 'fake'), '006');
    expect(again.status).toBe(0);
    expect(again.lines[again.lines.length - 1]).toBe('1 passed, 0 failed, 0 skipped');
  });

  it('lists without running, and reports bad selections', async () => {
    expect((await check('-n', '-x', 'quick')).lines).toEqual([]);
    expect((await check('-n', '001-003')).lines).toEqual(['001', '002', '003']);
    expect(await check('-n', '042')).toEqual({ status: 1, lines: ["ERR check: no such test: '042'"] });
    expect(existsSync(join(root, 'scratch/raw-file-qemu/001'))).toBe(false);
  });
});
