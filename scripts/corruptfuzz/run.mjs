// Corruption fuzz: random byte changes to a QEMU-made qcow2 (header, tables, anywhere), then the same commands through QEMU and ours.
//
// Usage: node scripts/corruptfuzz/run.mjs [SEED] [COUNT] [--more]
// --more adds snapshot -a/-d, resize and convert -O raw, and compares the resulting files byte for byte.
// Each case copies the mutated image twice and runs info, check, map, reads, a write, snapshot -l
// and check -r all through /usr/bin's tools and our bin/ ones; the first command whose filtered
// output, exit status or resulting file size differs is printed with both transcripts (and a
// JavaScript stack trace in ours counts as a difference). Exit status 1 when any case differed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
let seed = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 100);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const dir = mkdtempSync(join(tmpdir(), 'corruptfuzz-'));
const base = join(dir, 'base.qcow2');
execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-o', 'cluster_size=4k', base, '1M']);
execFileSync('qemu-io', ['-c', 'write -P 1 0 8k', '-c', 'write -P 2 64k 4k', '-c', 'write -c -P 3 128k 4k', '-c', 'write -z 256k 4k', base], { stdio: 'ignore' });
execFileSync('qemu-img', ['snapshot', '-c', 's1', base]);
execFileSync('qemu-io', ['-c', 'write -P 4 0 4k', base], { stdio: 'ignore' });
const orig = readFileSync(base);
const CMDS = [
  ['qemu-img', ['info', 'IMG']], ['qemu-img', ['check', 'IMG']], ['qemu-img', ['map', '--output=json', 'IMG']],
  ['qemu-io', ['-c', 'read -P 1 0 4k', '-c', 'read 64k 4k', '-c', 'read 128k 4k', 'IMG']],
  ['qemu-io', ['-c', 'write -P 9 512k 8k', '-c', 'read -P 9 512k 8k', 'IMG']],
  ['qemu-img', ['snapshot', '-l', 'IMG']],
  ['qemu-img', ['check', '-r', 'all', 'IMG']],
];
const MORE = process.argv.includes('--more');
if (MORE) {
  CMDS.push(
    ['qemu-img', ['snapshot', '-a', 's1', 'IMG']], ['qemu-img', ['snapshot', '-d', 's1', 'IMG']],
    ['qemu-img', ['resize', 'IMG', '2M']], ['qemu-img', ['convert', '-O', 'raw', 'IMG', 'OUT']],
  );
}
const norm = (s) => s.replace(/\d+(\.\d+)? (KiB|MiB|bytes|sec)\/sec and [\d.]+ ops\/sec/g, 'X').replace(/\d\d:\d\d:\d\d\.\d+/g, 'T').replace(/; [\d.]+ sec/g, '; X sec').replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'D').replace(/disk size: .*/g, 'disk size: X').replaceAll(join(dir, 'a.qcow2'), 'IMG').replaceAll(join(dir, 'b.qcow2'), 'IMG');
// Files grown past 64 MiB (sparse, by corrupt metadata) are compared by size alone.
const digest = (path) => (statSync(path).size > 64 << 20 ? `size ${statSync(path).size}` : createHash('sha1').update(readFileSync(path)).digest('hex'));
let diffs = 0;
for (let i = 0; i < count; i++) {
  const buf = Buffer.from(orig);
  const nmut = 1 + Math.floor(rnd() * 3);
  const muts = [];
  for (let k = 0; k < nmut; k++) {
    // header (first 512), L1/reftable/L2/refblock area (first 64k), anywhere
    const r = rnd();
    const off = r < 0.4 ? Math.floor(rnd() * 512) : r < 0.8 ? Math.floor(rnd() * Math.min(buf.length, 65536)) : Math.floor(rnd() * buf.length);
    const val = rnd() < 0.3 ? 0 : rnd() < 0.5 ? 0xff : Math.floor(rnd() * 256);
    muts.push(`${off}=${val}`); buf[off] = val;
  }
  for (const [tool, args] of CMDS) {
    const out = {};
    for (const side of ['a', 'b']) {
      const img = join(dir, `${side}.qcow2`);
      const outFile = join(dir, `${side}.out`);
      writeFileSync(img, buf);
      rmSync(outFile, { force: true });
      const bin = side === 'a' ? `/usr/bin/${tool}` : join(root, 'bin', tool);
      const r = spawnSync(bin, args.map((x) => (x === 'IMG' ? img : x === 'OUT' ? outFile : x)), { encoding: 'utf8', timeout: 20000, maxBuffer: 256 * 1024 * 1024 });
      out[side] = `${norm(r.stdout ?? '').replaceAll(outFile, 'OUT')}\n--stderr--\n${norm(r.stderr ?? '').replaceAll(outFile, 'OUT')}\n--status ${r.status}${r.error ? ' ' + r.error.code : ''}`;
      out[side + 'Size'] = statSync(img).size;
      if (MORE) out[side + 'Bytes'] = digest(img) + (existsSync(outFile) ? digest(outFile) : '');
    }
    const same = out.a === out.b && out.aSize === out.bSize && out.aBytes === out.bBytes;
    const crash = /at .*\.cjs|TypeError|RangeError|ReferenceError/.test(out.b);
    if (!same || crash) {
      diffs++;
      console.log(`### case ${i} muts ${muts.join(',')} : ${tool} ${args.join(' ')}${crash ? ' CRASH' : ''}`);
      console.log(`sizes ${out.aSize} ${out.bSize}`);console.log('--- qemu\n' + out.a.slice(0, 1500) + '\n--- ours\n' + out.b.slice(0, 1500));
      break;
    }
  }
}
console.log(`${count} cases, ${diffs} differ`);
rmSync(dir, { recursive: true, force: true });
if (diffs) process.exitCode = 1;
