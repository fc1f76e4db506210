import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Each case runs a tiny main through runAsProcess in a real node process (loaded with tsx).
const here = fileURLToPath(new URL('.', import.meta.url));
const loader = join(here, '../node_modules/tsx/dist/loader.mjs');
const dir = mkdtempSync(join(tmpdir(), 'process-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tool(name: string, body: string): string {
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, `import { runAsProcess } from ${JSON.stringify(join(here, 'process-io.mts'))};
await runAsProcess(async (argv, io) => { ${body} });
`);
  return file;
}

function run(file: string, args: string[] = [], input?: string) {
  return spawnSync(process.execPath, ['--import', loader, file, ...args], { input, encoding: 'utf8' });
}

describe('runAsProcess', () => {
  it('maps argv, stdio, cwd and the exit status', () => {
    const r = run(tool('basic', "io.stdout.write(`${argv.join('|')} ${io.cwd === process.cwd()}\\n`); io.stderr.write('e\\n'); return 7;"), ['a', 'b c']);
    expect(r).toMatchObject({ status: 7, stdout: 'a|b c true\n', stderr: 'e\n' });
  });

  it('writes straight to a regular file or /dev/null, in call order across stdout and stderr', () => {
    const out = join(dir, 'both.txt');
    const fd = openSync(out, 'w');
    const file = tool('tofile', "io.stdout.write('a\\n'); io.stderr.write('b\\n'); io.stdout.write(new TextEncoder().encode('c\\n')); return 3;");
    const r = spawnSync(process.execPath, ['--import', loader, file], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    expect(r.status).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe('a\nb\nc\n');
    const n = spawnSync(process.execPath, ['--import', loader, file], { stdio: ['ignore', 'ignore', 'ignore'] });
    expect(n.status).toBe(3);
  });
  it('writes to a pipe in call order across stdout and stderr', () => {
    const body = "io.stdout.write('a\\n'); io.stderr.write('b\\n'); io.stdout.write('c\\n'); return 0;";
    const r = spawnSync('bash', ['-c', `'${process.execPath}' --import '${loader}' '${tool('piped', body)}' 2>&1 | cat`], { encoding: 'utf8' });
    expect(r).toMatchObject({ status: 0, stdout: 'a\nb\nc\n' });
  });

  it('waits out a full non-blocking pipe, losing nothing', async () => {
    // Node's own process.stdout makes the pipe non-blocking; the reader starts late, so writes meet EAGAIN.
    const file = tool('nonblock', "process.stdout; io.stdout.write('y'.repeat(1 << 20)); io.stdout.write('\\nend\\n'); return 5;");
    const child = spawn(process.execPath, ['--import', loader, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(5);
    expect(out).toBe('y'.repeat(1 << 20) + '\nend\n');
  });

  it("names the program as the shim was started (QEMU_TOOL_ARGV0), out of the tool's environment", () => {
    const file = tool('argv0', "io.stdout.write(`${io.argv0} ${io.env['QEMU_TOOL_ARGV0'] === undefined}\\n`); return 0;");
    const r = spawnSync(process.execPath, ['--import', loader, file], { encoding: 'utf8', env: { ...process.env, QEMU_TOOL_ARGV0: './qemu-io' } });
    expect(r).toMatchObject({ status: 0, stdout: './qemu-io true\n' });
    expect(run(file).stdout).toBe(`${file} true\n`);
  });

  it('reads stdin on demand', () => {
    const r = run(tool('stdin', "let s = ''; for await (const c of io.stdin!) s += c; io.stdout.write(s.toUpperCase()); return 0;"), [], 'hi\n');
    expect(r).toMatchObject({ status: 0, stdout: 'HI\n' });
  });

  it('dies by the raised signal, keeping what was written before', () => {
    const r = run(tool('raise', "io.stdout.write('before\\n'); io.raise!(9); io.stdout.write('after\\n'); return 137;"));
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).toBe('before\n');
  });

  it('exits 128 + N for signals Node.js keeps for itself', () => {
    const r = run(tool('usr1', "io.raise!(10); io.stdout.write('after\\n'); return 138;"));
    expect(r).toMatchObject({ status: 138, stdout: '' });
  });

  it('survives a reader that went away (EPIPE) and keeps its status', () => {
    const file = tool('epipe', "for (let i = 0; i < 100000; i++) io.stdout.write('x'.repeat(99) + '\\n'); return 0;");
    const script = `'${process.execPath}' --import '${loader}' '${file}' | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r).toMatchObject({ stdout: 'status=0\n', stderr: '' });
  });

  it('reports a crashing main with status 1', () => {
    const r = run(tool('crash', "throw new Error('bug');"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Error: bug\n/);
  });
});
