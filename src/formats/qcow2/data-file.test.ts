// External data files against real QEMU 7.2: the same commands must leave byte-identical images and data files (skipped without it).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ToolIO } from '../../tools/io.ts';
import { main as imgMain } from '../../tools/qemu-img/main.ts';
import { main as ioMain } from '../../tools/qemu-io/main.ts';

const have = existsSync('/usr/bin/qemu-img') && existsSync('/usr/bin/qemu-io');
const dir = mkdtempSync(join(tmpdir(), 'qcow2-datafile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ours(tool: 'img' | 'io', args: string[], cwd: string): Promise<string> {
  let out = '';
  const sink = { write: (c: string | Uint8Array) => void (out += typeof c === 'string' ? c : Buffer.from(c).toString()) };
  const io: ToolIO = { stdout: sink, stderr: sink, stdin: null, env: {}, cwd };
  const rc = await (tool === 'img' ? imgMain : ioMain)(args, io);
  return `${out}rc=${rc}\n`;
}

function real(tool: 'img' | 'io', args: string[], cwd: string): string {
  try {
    return `${execFileSync(`/usr/bin/qemu-${tool}`, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })}rc=0\n`;
  } catch (e) {
    const err = e as { stdout: string; stderr: string; status: number };
    return `${err.stdout}${err.stderr}rc=${err.status}\n`;
  }
}

const timing = (t: string) => t.replace(/\d+ ops; .*\n/g, 'X ops\n');

describe.skipIf(!have)('qcow2 with an external data file, as QEMU 7.2', () => {
  const cases: Array<[string, string, string[]]> = [
    ['plain', 'data_file=d.raw', ['write -P 1 0 100k', 'write -z -u 0 64k', 'discard 64k 64k', 'write -P 3 128k 64k', 'write -z 128k 64k']],
    ['raw', 'data_file=d.raw,data_file_raw=on', ['write -P 1 0 100k', 'write -z 10k 4k', 'write -z 64k 60k', 'write -c 256k 64k']],
    ['preallocated', 'data_file=d.raw,preallocation=metadata', ['write -P 5 1000k 24k', 'discard 0 128k']],
  ];
  for (const [name, opts, cmds] of cases) {
    it(name, async () => {
      const out: Record<string, string> = {};
      for (const who of ['real', 'ours'] as const) {
        const cwd = join(dir, `${name}-${who}`);
        mkdirSync(cwd);
        const run = who === 'real' ? async (t: 'img' | 'io', a: string[]) => real(t, a, cwd) : (t: 'img' | 'io', a: string[]) => ours(t, a, cwd);
        let text = await run('img', ['create', '-f', 'qcow2', '-o', opts, 'x.qcow2', '1M']);
        text += await run('io', [...cmds.flatMap((c) => ['-c', c]), 'x.qcow2']);
        text += await run('img', ['map', '--output=json', 'x.qcow2']);
        text += await run('img', ['check', 'x.qcow2']);
        out[who] = timing(text);
      }
      expect(out['real']).toContain('"present": true');
      expect(out['ours']).toBe(out['real']);
      for (const f of ['x.qcow2', 'd.raw']) {
        expect(readFileSync(join(dir, `${name}-ours`, f)).equals(readFileSync(join(dir, `${name}-real`, f))), f).toBe(true);
      }
    });
  }
});
