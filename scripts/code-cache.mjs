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
    ['convert', '-O', 'qcow2', 'd.raw', 'd.qcow2'],
    ['convert', '-O', 'raw', 'd.qcow2', 'e.raw'],
    ['map', '--output=json', 'd.qcow2'],
    ['check', 'd.qcow2'],
    ['compare', 'd.raw', 'd.qcow2'],
    ['bench', '-w', '-c', '64', '-s', '64k', '-f', 'qcow2', 'a.qcow2'],
    ['compare', 'a.qcow2', 'b.qcow2'],
    ['resize', '-q', 'a.raw', '8M'],
    ['snapshot', '-l', 'a.qcow2'],
  ],
  'qemu-io': [
    ['-V'],
    ['-f', 'raw', '-c', 'write -P 1 0 4k', '-c', 'read -P 1 0 4k', 'a.raw'],
    ['-f', 'qcow2', '-c', 'write -P 2 0 64k', '-c', 'read -P 2 0 64k', '-c', 'map', 'a.qcow2'],
    ['-f', 'qcow2', ...Array.from({ length: 16 }, (_, i) => ['-c', `write -q -P ${i} ${i * 64}k 64k`]).flat(), 'a.qcow2'],
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
  // Data in every other 256 KiB, so converts and maps walk both data and holes.
  const data = Buffer.alloc(4 << 20);
  for (let i = 0; i < data.length; i += 512 << 10) data.fill(i >> 19 || 1, i, i + (256 << 10));
  writeFileSync(join(dir, 'd.raw'), data);
  for (const argv of WARMUP[tool] ?? []) await exports.main(argv, io);
  writeFileSync(cacheFile, script.createCachedData());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
