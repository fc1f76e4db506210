// Persistent bitmaps both ways with the real QEMU 7.2 tools: what they store reads back through ours and the reverse (skipped without /usr/bin/qemu-img).

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ToolIO } from '../../tools/io.ts';
import { main as imgMain } from '../../tools/qemu-img/main.ts';
import { main as ioMain } from '../../tools/qemu-io/main.ts';

const QEMU_IMG = '/usr/bin/qemu-img';
const QEMU_IO = '/usr/bin/qemu-io';
const have = existsSync(QEMU_IMG) && existsSync(QEMU_IO);
const dir = mkdtempSync(join(tmpdir(), 'qcow2-bitmaps-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number;
  out: string;
  err: string;
}

function real(tool: string, args: string[]): Run {
  const r = spawnSync(tool, args, { encoding: 'utf8', cwd: dir });
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

async function ours(tool: 'img' | 'io', args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c).toString());
  const io: ToolIO = {
    stdout: { write: (c) => void (out += text(c)) },
    stderr: { write: (c) => void (err += text(c)) },
    stdin: null,
    env: {},
    cwd: dir,
    raise: () => undefined,
  };
  const status = await (tool === 'img' ? imgMain : ioMain)(args, io);
  return { status, out, err };
}

/** Timings of qemu-io statistics lines, generated node names and host allocation (copies are not sparse) differ run to run. */
const steady = (s: string) =>
  s.replace(/; [0-9:.]+( sec)? \(.*\)$/gm, '; T').replace(/#block\d+/g, '#blockN').replace(/^disk size: .*$/gm, 'disk size: N');

/** The same command sequence on two copies of an image, once with each tool set; their outputs and resulting bytes. */
async function both(name: string, steps: Array<['img' | 'io', string[]]>): Promise<void> {
  const q = join(dir, `q-${name}.qcow2`);
  const o = join(dir, `o-${name}.qcow2`);
  for (const [tool, args] of steps) {
    const withQ = args.map((a) => (a === 'IMG' ? q : a));
    const withO = args.map((a) => (a === 'IMG' ? o : a));
    const r = real(tool === 'img' ? QEMU_IMG : QEMU_IO, withQ);
    const u = await ours(tool, withO);
    const norm = (x: Run, f: string) => ({ status: x.status, out: steady(x.out).replaceAll(f, 'IMG'), err: steady(x.err).replaceAll(f, 'IMG') });
    expect(norm(u, o), `${tool} ${args.join(' ')}`).toEqual(norm(r, q));
    expect(readFileSync(o).equals(readFileSync(q)), `image bytes after ${tool} ${args.join(' ')}`).toBe(true);
  }
}

describe.skipIf(!have)('persistent bitmaps with real QEMU', () => {
  it('bitmaps QEMU stores read back identically: info, check, convert --bitmaps, measure', async () => {
    const f = join(dir, 'from-qemu.qcow2');
    execFileSync(QEMU_IMG, ['create', '-q', '-f', 'qcow2', f, '64M']);
    execFileSync(QEMU_IMG, ['bitmap', '--add', f, 'b1']);
    execFileSync(QEMU_IMG, ['bitmap', '--add', '-g', '512', '--disable', f, 'b2']);
    execFileSync(QEMU_IO, ['-c', 'write 0 1M', '-c', 'write -z 4M 64k', '-c', 'discard 8M 64k', f]);
    for (const args of [['info', f], ['info', '--output=json', f], ['check', f], ['measure', '-O', 'qcow2', f]]) {
      expect(steady((await ours('img', args)).out)).toBe(steady(real(QEMU_IMG, args).out));
    }
    expect((await ours('io', ['-r', '-c', 'info', f])).out).toBe(real(QEMU_IO, ['-r', '-c', 'info', f]).out);
    real(QEMU_IMG, ['convert', '--bitmaps', '-O', 'qcow2', f, join(dir, 'cq.qcow2')]);
    await ours('img', ['convert', '--bitmaps', '-O', 'qcow2', f, join(dir, 'co.qcow2')]);
    expect(readFileSync(join(dir, 'co.qcow2')).equals(readFileSync(join(dir, 'cq.qcow2')))).toBe(true);
  });

  it('bitmaps we store are what QEMU stores, and QEMU accepts them', async () => {
    for (const p of ['q', 'o']) execFileSync(QEMU_IMG, ['create', '-q', '-f', 'qcow2', join(dir, `${p}-ours.qcow2`), '64M']);
    await both('ours', [
      ['img', ['bitmap', '--add', 'IMG', 'b1']],
      ['img', ['bitmap', '--add', '-g', '128k', '--disable', 'IMG', 'b2']],
      ['io', ['-c', 'write 0 1M', '-c', 'write -c 8M 64k', '-c', 'aio_write 16M 64k', '-c', 'aio_flush', 'IMG']],
      ['img', ['bitmap', '--merge', 'b1', '--enable', 'IMG', 'b2']],
      ['io', ['-c', 'write 32M 64k', '-c', 'info', 'IMG']],
      ['img', ['bitmap', '--clear', '--remove', 'IMG', 'b1']],
      ['img', ['resize', 'IMG', '128M']],
    ]);
    const mine = join(dir, 'o-ours.qcow2');
    expect(real(QEMU_IMG, ['check', mine]).out).toContain('No errors were found on the image.');
    expect(real(QEMU_IMG, ['info', mine]).out.replaceAll(mine, 'IMG')).toBe((await ours('img', ['info', mine])).out.replaceAll(mine, 'IMG'));
  });

  it('bitmaps a crashed QEMU left in use are reported and refused as QEMU does', async () => {
    const q = join(dir, 'q-crash.qcow2');
    execFileSync(QEMU_IMG, ['create', '-q', '-f', 'qcow2', q, '64M']);
    execFileSync(QEMU_IMG, ['bitmap', '--add', q, 'b1']);
    real(QEMU_IO, ['-c', 'write 0 64k', '-c', 'abort', q]);
    copyFileSync(q, join(dir, 'o-crash.qcow2'));
    await both('crash', [
      ['img', ['info', 'IMG']],
      ['img', ['bitmap', '--clear', 'IMG', 'b1']],
      ['io', ['-c', 'write 1M 64k', 'IMG']],
      ['img', ['convert', '--bitmaps', '-O', 'qcow2', 'IMG', join(dir, 'crash-out.qcow2')]],
      ['img', ['bitmap', '--remove', 'IMG', 'b1']],
      ['img', ['check', 'IMG']],
    ]);
  });
});
