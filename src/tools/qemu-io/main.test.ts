// In-process tests of qemu-io's main: option errors, help texts, command errors and a raw image round trip (texts observed from qemu-io 7.2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ToolIO } from '../io.ts';
import { main } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'qemu-io-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], stdin?: string): Promise<{ status: number; out: string; err: string; raised?: number }> {
  let out = '';
  let err = '';
  let raised: number | undefined;
  const dec = (c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c).toString());
  const io: ToolIO = {
    stdout: { write: (c) => void (out += dec(c)) },
    stderr: { write: (c) => void (err += dec(c)) },
    stdin: stdin === undefined ? null : (async function* () { yield stdin; })(),
    env: {},
    cwd: dir,
    raise: (sig) => void (raised = sig),
  };
  const status = await main(argv, io);
  return { status, out, err, raised };
}

/** Replace the timing part of statistics lines as QEMU's iotests filter does. */
const filt = (s: string) => s.replace(/; [0-9:.]+( sec)? \(.*\)$/gm, '; T');

describe('qemu-io main', () => {
  it('refuses unknown options with usage', async () => {
    const r = await run(['-x']);
    expect(r.status).toBe(1);
    expect(r.err).toBe("qemu-io: invalid option -- 'x'\n");
    expect(r.out.startsWith('Usage: qemu-io [OPTIONS]... [-c STRING]... [file]\n')).toBe(true);
  });
  it('reports bad cache modes and ambiguous long options', async () => {
    expect((await run(['-t', 'bogus', 'x'])).err).toBe('qemu-io: Invalid cache option: bogus\n');
    expect((await run(['--c', 'length'])).err).toBe(
      "qemu-io: option '--c' is ambiguous; possibilities: '--cmd' '--copy-on-read' '--cache'\n",
    );
  });
  it('needs an open file for image commands', async () => {
    const r = await run(['-c', 'read 0 512', '-c', 'sleep 0']);
    expect(r).toMatchObject({ status: 1, out: '', err: "no file open, try 'help open'\n" });
  });
  it('prints help for one command and argument count errors', async () => {
    const r = await run(['-c', 'help quit', '-c', 'help a b', '-c', 'r', '-c', 'nosuch']);
    expect(r.out).toBe('quit -- exit the program\n');
    expect(r.err).toBe(
      'bad argument count 2 to help, expected between 0 and 1 arguments\n' +
        "no file open, try 'help open'\n" +
        'command "nosuch" not found\n',
    );
    expect(r.status).toBe(1);
  });
  it('writes, reads back, verifies and dumps a raw image', async () => {
    writeFileSync(join(dir, 't.raw'), Buffer.alloc(1 << 20));
    const r = await run(['-f', 'raw', '-c', 'write -P 0x41 0 20', '-c', 'read -P 0x41 -v 0 20', '-c', 'read -P 0x42 -q 0 1', 't.raw']);
    expect(filt(r.out)).toBe(
      'wrote 20/20 bytes at offset 0\n20 bytes, 1 ops; T\n' +
        '00000000:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA\n' +
        '00000010:  41 41 41 41  AAAA\n' +
        'read 20/20 bytes at offset 0\n20 bytes, 1 ops; T\n' +
        'Pattern verification failed at offset 0, 1 bytes\n',
    );
    expect(r.status).toBe(1);
  });
  it('reads commands from stdin behind a prompt', async () => {
    writeFileSync(join(dir, 's.raw'), Buffer.alloc(4096));
    const r = await run(['-f', 'raw', 's.raw'], 'length\n\nquit\nlength\n');
    expect(r).toMatchObject({ status: 0, out: 'qemu-io> 4 KiB\nqemu-io> qemu-io> ' });
  });
  it('raises fatal signals and keeps flushed output', async () => {
    writeFileSync(join(dir, 'g.raw'), Buffer.alloc(4096));
    const r = await run(['-f', 'raw', '-c', 'length', '-c', 'sigraise 10', '-c', 'sigraise 15', '-c', 'length', 'g.raw']);
    expect(r).toMatchObject({ status: 143, out: '4 KiB\n', raised: 15 });
    const a = await run(['-f', 'raw', '-c', 'length', '-c', 'abort', 'g.raw']);
    expect(a).toMatchObject({ status: 134, out: '', raised: 6 });
  });
});
