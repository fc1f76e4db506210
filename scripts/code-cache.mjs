// Makes the V8 code cache of one tool bundle: loads it as bin/ does, runs typical commands, saves the compiled code.
//   node scripts/code-cache.mjs BUNDLE CACHE   (run by scripts/build.mjs in a fresh process with default V8 flags)
// qemu-io's scratch images are made by the qemu-img bundle next to BUNDLE (loaded separately, so not in the cache).
// Functions the warm-up commands compile are in the cache, so a tool's start-up parses almost nothing.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { loadBundle } from '../bin/run-bundle.cjs';

/** Commands per tool, run in a scratch directory; what they print is dropped. */
const WARMUP = {
  'qemu-img': [
    ['--version'],
    ['info', 'a.qcow2'],
    ['info', '--output=json', 'a.raw'],
    ['check', 'a.qcow2'],
    ['map', 'a.qcow2'],
    ['convert', '-O', 'qcow2', 'a.raw', 'b.qcow2'],
    ['compare', 'a.qcow2', 'b.qcow2'],
    ['resize', '-q', 'a.raw', '8M'],
    ['snapshot', '-l', 'a.qcow2'],
  ],
  'qemu-io': [
    ['-V'],
    ['-f', 'raw', '-c', 'write -P 1 0 4k', '-c', 'read -P 1 0 4k', 'a.raw'],
    ['-f', 'qcow2', '-c', 'write -P 2 0 64k', '-c', 'read -P 2 0 64k', '-c', 'map', 'a.qcow2'],
  ],
};

const [bundle, cacheFile] = process.argv.slice(2);
const tool = basename(bundle, '.cjs');
const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
try {
  const sink = { write() {} };
  const io = { stdout: sink, stderr: sink, stdin: null, env: { ...process.env, TMPDIR: dir }, cwd: dir };
  const load = (file) => loadBundle(file, readFileSync(file, 'utf8'));
  const imgBundle = join(dirname(bundle), 'qemu-img.cjs');
  const img = tool === 'qemu-img' ? undefined : load(imgBundle).exports;
  const { exports, script } = load(bundle);
  for (const argv of [['create', '-q', '-f', 'qcow2', 'a.qcow2', '4M'], ['create', '-q', '-f', 'raw', 'a.raw', '4M']]) {
    await (img ?? exports).main(argv, io);
  }
  for (const argv of WARMUP[tool] ?? []) await exports.main(argv, io);
  writeFileSync(cacheFile, script.createCachedData());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
