// Runs one corpus case in a fresh directory with one pair of tools (real QEMU or ours) and captures what it did.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Per-step time limit: a tool that hangs is a divergence, not a stuck harness. */
const STEP_TIMEOUT_MS = 30_000;

/** Run `script` with bash in `cwd`; resolves to { stdout, stderr, status } (status 'TIMEOUT' or 'SIG<n>' when killed). */
export function sh(script, { cwd, env, stdin = '' }) {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, STEP_TIMEOUT_MS);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const status = timedOut ? 'TIMEOUT' : signal ? `SIG${signal}` : code;
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status });
    });
  });
}

/**
 * Run a case with the tools found in `toolDir` (which holds `qemu-img` and `qemu-io`).
 * Setup always uses the real tools (`realDir`); only `c.cmd` sees the tools under test.
 */
export async function runCase(c, { toolDir, realDir, label }) {
  const dir = mkdtempSync(join(tmpdir(), `dq-${label}-`));
  const base = { ...process.env, LC_ALL: 'C', TZ: 'UTC', HOME: dir };
  delete base.QEMU_IMG_PROG;
  delete base.QEMU_IO_PROG;
  if (c.setup) {
    const r = await sh(c.setup, { cwd: dir, env: { ...base, PATH: `${realDir}:${process.env.PATH}` } });
    if (r.status !== 0) return { dir, setupFailed: `${r.status}\n${r.stdout}${r.stderr}` };
  }
  const r = await sh(c.cmd, { cwd: dir, env: { ...base, PATH: `${toolDir}:${process.env.PATH}` }, stdin: c.stdin ?? '' });
  return { dir, ...r };
}
