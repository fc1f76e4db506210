// Random qemu-io op sequences on qcow2, run by real QEMU and by ours on identical images; reports (and minimizes) any difference.
//
// Usage: node scripts/opfuzz/run.mjs [--seed N] [--count N] [--qemu DIR] [--keep]
// Each case: a qcow2 image made by the real qemu-img (random cluster size, extended_l2, zstd,
// backing file), copied twice; the same 12 random write/zero/discard/compressed ops run through
// the real qemu-io on one copy and our bin/qemu-io on the other. A case fails when the qemu-io
// transcripts differ, the real `qemu-img map --output=json` of the two images differs (host
// layout included), the real `qemu-img check` finds errors in ours, or our `qemu-img map` of
// QEMU's image differs from QEMU's. Cases where real QEMU corrupts its own image on the way are
// skipped (QEMU 7.2 can pack a compressed write into a cluster freed and reused meanwhile).
// Failing cases are minimized (ops removed while the same kind of difference remains) and
// printed with both maps. Exit status 1 when any case failed.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
let seed = Number(opt('--seed', String(Date.now() % 100000)));
const count = Number(opt('--count', '20'));
const qemuDir = opt('--qemu', '/usr/bin');
const keep = args.includes('--keep');
const REAL_IO = join(qemuDir, 'qemu-io');
const REAL_IMG = join(qemuDir, 'qemu-img');
const OUR_IO = join(root, 'bin/qemu-io');
const OUR_IMG = join(root, 'bin/qemu-img');
const work = mkdtempSync(join(tmpdir(), 'opfuzz-'));

/** Deterministic LCG so a seed names a case. */
function rnd() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; }
const pick = (a) => a[Math.floor(rnd() * a.length)];
const CLUSTER = { 512: 512, '4K': 4096, '16K': 16384, '64K': 65536, '2M': 2097152 };

/** Output with timings masked. */
function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  return { out: `${r.stdout}--stderr--\n${r.stderr}`.replace(/ops; .* sec \(.*\)/g, 'ops; TIME'), rc: r.status };
}

function makeCase() {
  const xl2 = rnd() < 0.4;
  const cs = pick(xl2 ? ['16K', '64K', '2M'] : ['512', '4K', '64K', '2M']);
  const size = pick([1 << 20, 4 << 20, 2999808]);
  const opts = [`cluster_size=${cs}`];
  if (xl2) opts.push('extended_l2=on');
  if (rnd() < 0.3) opts.push('compression_type=zstd');
  const backing = rnd() < 0.4;
  const ops = [];
  for (let i = 0; i < 12; i++) {
    const unit = pick([1, 512, 4096, 65536]);
    const off = Math.floor((rnd() * size) / unit) * unit;
    const len = Math.min(size - off, Math.max(unit, Math.floor((rnd() * Math.min(size - off, 300000)) / unit) * unit));
    const k = rnd();
    if (len <= 0) continue;
    if (k < 0.35) ops.push(`write -P 0x${(i + 0x20).toString(16)} ${off} ${len}`);
    else if (k < 0.5) ops.push(`write -z ${off} ${len}`);
    else if (k < 0.6) ops.push(`write -z -u ${off} ${len}`);
    else if (k < 0.75) ops.push(`discard ${off} ${len}`);
    else if (k < 0.85) {
      const c = CLUSTER[cs];
      const o = Math.floor((rnd() * size) / c) * c;
      if (o + c <= size) ops.push(`write -c -P 0x77 ${o} ${c}`);
    } else ops.push('map');
  }
  ops.push('map');
  return { opts, size, backing, ops };
}

/** Run one case in `dir`; returns the kind of difference ('' when none) and its detail. */
function differs(c, ops, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const opts = [...c.opts];
  if (c.backing) {
    execFileSync(REAL_IMG, ['create', '-q', '-f', 'qcow2', join(dir, 'base'), String(c.size)]);
    execFileSync(REAL_IO, ['-c', `write -P 0x11 0 ${c.size}`, join(dir, 'base')], { stdio: 'ignore' });
    opts.push(`backing_file=${join(dir, 'base')}`, 'backing_fmt=qcow2');
  }
  const a = join(dir, 'qemu.qcow2');
  const b = join(dir, 'ours.qcow2');
  execFileSync(REAL_IMG, ['create', '-q', '-f', 'qcow2', '-o', opts.join(','), a, String(c.size)]);
  copyFileSync(a, b);
  const argv = ops.flatMap((o) => ['-c', o]);
  const ra = run(REAL_IO, [...argv, a]);
  const rb = run(OUR_IO, [...argv, b]);
  // QEMU 7.2's stale free_byte_offset can also make its overlap check refuse a compressed write
  // (EIO, image marked corrupt) where ours, which forgets the offset of a freed cluster, succeeds.
  if (ra.out.includes('Marking image as corrupt: Preventing invalid write on metadata') && !rb.out.includes('Marking image as corrupt')) {
    return { kind: 'qemu-defect', detail: '' };
  }
  if (ra.out !== rb.out || ra.rc !== rb.rc) return { kind: 'qemu-io output', detail: `--- qemu (rc ${ra.rc})\n${ra.out}\n--- ours (rc ${rb.rc})\n${rb.out}` };
  // QEMU 7.2 packs a later compressed write into a cluster freed and reused meanwhile (a stale
  // free_byte_offset) and corrupts its own image; such cases say nothing about ours.
  if (run(REAL_IMG, ['check', a]).rc !== 0) return { kind: 'qemu-defect', detail: '' };
  const ma = run(REAL_IMG, ['map', '--output=json', a]).out;
  const mb = run(REAL_IMG, ['map', '--output=json', b]).out;
  if (ma !== mb) return { kind: 'image layout (real qemu-img map)', detail: `--- QEMU's image\n${ma}\n--- our image\n${mb}` };
  const ck = run(REAL_IMG, ['check', b]);
  if (ck.rc !== 0) return { kind: 'real qemu-img check of our image', detail: ck.out };
  const om = run(OUR_IMG, ['map', '--output=json', a]).out;
  if (om !== ma) return { kind: "our qemu-img map of QEMU's image", detail: `--- QEMU\n${ma}\n--- ours\n${om}` };
  return { kind: '', detail: '' };
}

/** Whether real QEMU's image fails its own check after some prefix of the ops (a later op may hide it). */
function qemuCorruptsOnTheWay(c, dir) {
  for (let n = 1; n < c.ops.length; n++) {
    if (differs(c, c.ops.slice(0, n), dir).kind === 'qemu-defect') return true;
  }
  return false;
}

let failures = 0;
let defects = 0;
for (let i = 0; i < count; i++) {
  const caseSeed = seed;
  const c = makeCase();
  const dir = join(work, String(i));
  const first = differs(c, c.ops, dir);
  if (!first.kind) continue;
  if (first.kind === 'qemu-defect' || qemuCorruptsOnTheWay(c, dir)) {
    defects++;
    continue;
  }
  failures++;
  let ops = c.ops.filter((o) => o !== 'map');
  for (let changed = true; changed; ) {
    changed = false;
    for (let j = 0; j < ops.length; j++) {
      const fewer = ops.filter((_, k) => k !== j);
      if (differs(c, fewer, dir).kind === first.kind) { ops = fewer; changed = true; j--; }
    }
  }
  if (differs(c, ops, dir).kind !== first.kind) ops = c.ops;
  const last = differs(c, ops, dir);
  console.log(`FAIL case seed ${caseSeed}: ${first.kind}\n  create -o ${c.opts.join(',')}${c.backing ? ' (+ backing file)' : ''} ${c.size}\n  ops: ${ops.join(' | ')}\n${last.detail.slice(0, 4000)}`);
}
if (!keep) rmSync(work, { recursive: true, force: true });
console.log(`${count} cases, ${failures} failing, ${defects} skipped (real QEMU corrupted its own image)`);
process.exitCode = failures ? 1 : 0;
