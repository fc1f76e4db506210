// qcow2 benchmark: our bin/qemu-img / bin/qemu-io against /usr/bin's QEMU on the same work, in one run.
//   npm run bench:qcow2 [-- --small]   (--small: 1/8 of the sizes, for a quick look)
// Cases: convert -O qcow2 of a 1 GiB raw image half filled with data (time and peak RSS),
// convert -c -O qcow2 of a 256 MiB image, 1024 sequential 64 KiB qemu-io writes to qcow2, and
// qemu-img bench -w of 4096 64 KiB writes (whole process time, as the other cases).
// Targets: time ratio ours/QEMU <= 1.5 per case (medians of alternating runs); peak RSS of the 1 GiB convert <= 150 MiB.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../scripts/build.mjs';

const MiB = 1024 * 1024;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const scale = process.argv.includes('--small') ? 8 : 1;
const QEMU = '/usr/bin';
const OURS = join(root, 'bin');
const TIME_TARGET = 1.5;
const RSS_TARGET_MIB = 150;

/** Fill `path` (sized `bytes`) with data in every other 1 MiB chunk; `compressible` mixes text-like runs. */
function makeRaw(path, bytes, compressible) {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(MiB);
  let seed = 12345;
  for (let off = 0; off < bytes; off += 2 * MiB) {
    for (let i = 0; i < MiB; i += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      chunk.writeUInt32LE(compressible ? (seed >>> 28) * 0x01010101 : seed, i);
    }
    writeSync(fd, chunk, 0, MiB, off);
  }
  closeSync(fd);
  spawnSync('truncate', ['-s', String(bytes), path]);
}

/**
 * Run a command under /usr/bin/time; returns wall seconds (timed here, to the microsecond: time's
 * own figure has 10 ms steps, 5% of a 0.2 s run) and peak RSS in MiB (time's).
 */
function timed(cmd, args, input) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const out = join(dir, 'time');
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%M', cmd, ...args], { input, stdio: ['pipe', 'ignore', 'pipe'] });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const kib = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  rmSync(dir, { recursive: true, force: true });
  return { secs, rssMiB: kib / 1024 };
}

/** Median of `values`. */
function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/**
 * Run the case `reps` times with each tool, alternating (one run alone swings by a third on a
 * shared 2-core host, page-cache write-back landing in one tool's run or the other's); report
 * median times and the largest RSS.
 */
function bothTools(name, run, reps = 5) {
  const theirRuns = [];
  const ourRuns = [];
  for (let i = 0; i < reps; i++) {
    theirRuns.push(run(QEMU));
    ourRuns.push(run(OURS));
  }
  const summary = (runs) => ({ secs: median(runs.map((r) => r.secs)), rssMiB: Math.max(...runs.map((r) => r.rssMiB)) });
  const theirs = summary(theirRuns);
  const ours = summary(ourRuns);
  const ratio = ours.secs / Math.max(theirs.secs, 0.01);
  const ok = ratio <= TIME_TARGET;
  console.log(
    `${name.padEnd(34)} qemu ${theirs.secs.toFixed(2)}s ${theirs.rssMiB.toFixed(0)} MiB | ours ${ours.secs.toFixed(2)}s ` +
      `${ours.rssMiB.toFixed(0)} MiB | ratio ${ratio.toFixed(2)} (target <= ${TIME_TARGET}: ${ok ? 'met' : 'NOT met'}; medians of ${reps})`,
  );
  return { ours, theirs, ok };
}

if (!existsSync(join(QEMU, 'qemu-img'))) {
  console.log('bench/qcow2: /usr/bin/qemu-img not found (apt-get install -y qemu-utils); nothing to compare against');
} else {
  await build(root);
  const dir = mkdtempSync(join(tmpdir(), 'bench-qcow2-'));
  try {
    const big = join(dir, 'half.raw');
    const small = join(dir, 'text.raw');
    makeRaw(big, (1024 * MiB) / scale, false);
    makeRaw(small, (256 * MiB) / scale, true);
    // The inputs reach the disk now, not while the runs are timed (the kernel writes dirty pages
    // back once they are 30 s old, in whichever tool's run that falls).
    spawnSync('sync');
    const out = join(dir, 'out.qcow2');
    const results = [];

    // 11 runs each: a run that meets the kernel writing back dirty pages (the half GiB just made,
    // the outputs before) takes two to four times as long, for either tool.
    const conv = bothTools(`convert -O qcow2 ${1024 / scale} MiB half data`, (bin) => {
      rmSync(out, { force: true });
      return timed(join(bin, 'qemu-img'), ['convert', '-f', 'raw', '-O', 'qcow2', big, out]);
    }, 11);
    results.push(conv.ok);
    const rssOk = conv.ours.rssMiB <= RSS_TARGET_MIB;
    console.log(`${''.padEnd(34)} peak RSS ours ${conv.ours.rssMiB.toFixed(0)} MiB (target <= ${RSS_TARGET_MIB}: ${rssOk ? 'met' : 'NOT met'})`);
    results.push(rssOk);

    results.push(
      bothTools(`convert -c -O qcow2 ${256 / scale} MiB`, (bin) => {
        rmSync(out, { force: true });
        return timed(join(bin, 'qemu-img'), ['convert', '-c', '-f', 'raw', '-O', 'qcow2', small, out]);
      }, 3).ok,
    );

    const writes = 1024 / scale;
    const script = Array.from({ length: writes }, (_, i) => `write -q -P ${i & 0xff} ${i * 64}k 64k`).join('\n') + '\n';
    results.push(
      bothTools(`qemu-io ${writes} x 64 KiB seq writes`, (bin) => {
        rmSync(out, { force: true });
        spawnSync(join(QEMU, 'qemu-img'), ['create', '-q', '-f', 'qcow2', out, `${writes * 64}K`]);
        return timed(join(bin, 'qemu-io'), ['-f', 'qcow2', out], script);
      }).ok,
    );
    const requests = 4096 / scale;
    results.push(
      bothTools(`qemu-img bench -w ${requests} x 64 KiB`, (bin) => {
        rmSync(out, { force: true });
        spawnSync(join(QEMU, 'qemu-img'), ['create', '-q', '-f', 'qcow2', out, `${requests * 64}K`]);
        return timed(join(bin, 'qemu-img'), ['bench', '-w', '-c', String(requests), '-s', '64k', '-f', 'qcow2', out]);
      }).ok,
    );
    console.log(results.every(Boolean) ? 'all targets met' : 'some targets NOT met');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
