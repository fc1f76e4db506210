// `npm test`: unit tests, then ./check for every format with our tools and, where installed, against real QEMU.
// TEST_FORMATS=raw,qcow2 narrows the formats; TEST_SPAWNED=1 adds runs of our bin/ shims as child processes.
// Prints the summed `N passed, N failed, N skipped` as its last line; exits 1 if any part failed.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** The formats ./check runs; TEST_FORMATS=raw,qcow2 (e.g. one CI matrix job) narrows them. */
const FORMATS = process.env.TEST_FORMATS ? process.env.TEST_FORMATS.split(',').filter(Boolean) : ['raw', 'qcow2'];
const REAL_QEMU_DIR = '/usr/bin';
const TOTALS = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;

/** Run a command with its output shown; resolves to its status and the last line it printed. */
function run(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    child.on('error', (e) => resolve({ status: 127, last: '', error: e.message }));
    child.on('close', (code, signal) => {
      const lines = tail.trimEnd().split('\n');
      resolve({ status: code ?? 128, last: lines[lines.length - 1] ?? '', signal });
    });
  });
}

/** Formats our qemu-img reports under "Supported formats:" in --help (what its registry knows). */
function supportedFormats() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/qemu-img'), '--help'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('close', () => resolve((/^Supported formats:(.*)$/m.exec(text)?.[1] ?? '').trim().split(/\s+/)));
    child.on('error', () => resolve([]));
  });
}

/** Vitest, with its counts read from the JSON reporter. */
async function unitTests(sum) {
  const dir = mkdtempSync(join(tmpdir(), 'vitest-'));
  const json = join(dir, 'report.json');
  const r = await run(join(root, 'node_modules/.bin/vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]);
  try {
    const rep = JSON.parse(readFileSync(json, 'utf8'));
    sum.passed += rep.numPassedTests;
    sum.failed += rep.numFailedTests;
    sum.skipped += rep.numPendingTests + rep.numTodoTests;
  } catch {
    sum.failed += 1;
  }
  rmSync(dir, { recursive: true, force: true });
  return r.status === 0;
}

async function main() {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  if (!(await unitTests(sum))) failures.push('unit tests');
  try {
    await build(root);
  } catch (e) {
    console.error(`test: npm run build failed: ${e instanceof Error ? e.message : e}`);
    failures.push('build');
  }
  const ours = await supportedFormats();
  const configs = FORMATS.map((f) => ({ fmt: f, args: [`-${f}`], ours: true }));
  if (process.env.TEST_SPAWNED) {
    // our bin/ shims as separate processes: must give the same transcripts as in-process
    const env = { ...process.env, QEMU_IMG_PROG: join(root, 'bin/qemu-img'), QEMU_IO_PROG: join(root, 'bin/qemu-io') };
    configs.push(...FORMATS.map((f) => ({ fmt: f, args: [`-${f}`], ours: true, env, label: 'QEMU_*_PROG=bin/* ' })));
  }
  if (existsSync(join(REAL_QEMU_DIR, 'qemu-io'))) {
    configs.push(...FORMATS.map((f) => ({ fmt: f, args: [`-${f}`, '--qemu', REAL_QEMU_DIR], ours: false })));
  }
  for (const c of configs) {
    const name = `${c.label ?? ''}./check ${c.args.join(' ')}`;
    if (c.ours && c.fmt !== 'raw' && !ours.includes(c.fmt)) {
      console.log(`\n== ${name}: skipped, our qemu-img does not support ${c.fmt} yet ==`);
      continue;
    }
    console.log(`\n== ${name} ==`);
    const r = await run('sh', [join(root, 'check'), ...c.args], c.env);
    const m = TOTALS.exec(r.last);
    if (m) {
      sum.passed += Number(m[1]);
      sum.failed += Number(m[2]);
      sum.skipped += Number(m[3]);
    }
    if (r.status !== 0 || !m) failures.push(name);
  }
  console.log('');
  if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
  console.log(`${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
