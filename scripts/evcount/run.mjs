// Compares how many times each blkdebug event fires during qemu-io workloads, ours vs real QEMU 7.2.
//
// For every scenario (image options, setup writes done with real QEMU, a workload) and every
// event, the workload runs under a counting blkdebug config (the state machine of
// common/event-count.ts: the probe read of guest offset 0 fails with errno 1000+count) once with
// real qemu-io and once with ours, on identical images. Differences are printed per event.
//
//   npm run build && node scripts/evcount/run.mjs [filter] [--events a,b] [--qemu /usr/bin]

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SCENARIOS } from './scenarios.mjs';

const ALL_EVENTS = [
  'l1_update', 'l1_grow_alloc_table', 'l1_grow_write_table', 'l1_grow_activate_table',
  'l2_load', 'l2_update', 'l2_update_compressed', 'l2_alloc_cow_read', 'l2_alloc_write',
  'read_aio', 'read_backing_aio', 'read_compressed', 'write_aio', 'write_compressed',
  'cow_read', 'cow_write', 'reftable_grow', 'reftable_update',
  'refblock_load', 'refblock_update', 'refblock_update_part', 'refblock_alloc',
  'refblock_alloc_hookup', 'refblock_alloc_write', 'refblock_alloc_write_blocks',
  'refblock_alloc_write_table', 'refblock_alloc_switch_table',
  'cluster_alloc', 'cluster_alloc_bytes', 'cluster_free', 'flush_to_os', 'flush_to_disk',
  'pwritev_rmw_head', 'pwritev_rmw_after_head', 'pwritev_rmw_tail', 'pwritev_rmw_after_tail',
  'pwritev', 'pwritev_zero', 'pwritev_done', 'l1_shrink_write_table', 'l1_shrink_free_l2_clusters',
  'cluster_alloc_space',
];

/** Most occurrences one run can count. */
const MAX = 200;

function args(argv) {
  const o = { filter: '', events: ALL_EVENTS, qemu: '/usr/bin', verbose: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--events') o.events = argv[++i].split(',');
    else if (argv[i] === '--qemu') o.qemu = argv[++i];
    else if (argv[i] === '-v') o.verbose = true;
    else o.filter = argv[i];
  }
  return o;
}

function countingConfig(event, probeOffset) {
  const sector = Math.floor(probeOffset / 512);
  let s = '';
  for (let k = 1; k <= MAX; k++) {
    s += `[set-state]\nevent = "${event}"\nstate = "${k}"\nnew_state = "${k + 1}"\n\n`;
    s += `[inject-error]\nevent = "${event}"\nstate = "${k}"\nerrno = "${1000 + k}"\nsector = "${sector}"\nonce = "off"\n\n`;
  }
  return s;
}

function run(bin, argv, cwd) {
  try {
    return execFileSync(bin, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** A fresh image for `sc` made with real QEMU in `dir`; returns the probe's host offset. */
function prepare(sc, dir, qemu) {
  const img = join(dir, 't.qcow2');
  if (sc.backing) {
    run(`${qemu}/qemu-img`, ['create', '-f', 'qcow2', '-o', sc.create, join(dir, 'b.qcow2'), sc.size], dir);
    for (const w of sc.backing) run(`${qemu}/qemu-io`, ['-c', w, join(dir, 'b.qcow2')], dir);
    run(`${qemu}/qemu-img`, ['create', '-f', 'qcow2', '-o', sc.create, '-b', 'b.qcow2', '-F', 'qcow2', img], dir);
  } else {
    run(`${qemu}/qemu-img`, ['create', '-f', 'qcow2', '-o', sc.create, img, sc.size], dir);
  }
  for (const w of ['write -P 0x5a 0 512', ...(sc.setup ?? [])]) run(`${qemu}/qemu-io`, ['-c', w, img], dir);
  for (const a of sc.setupImg ?? []) run(`${qemu}/qemu-img`, [...a, img], dir);
  const map = JSON.parse(run(`${qemu}/qemu-img`, ['map', '--output=json', img], dir));
  return map.find((m) => m.start === 0 && m.depth === 0).offset;
}

/** The count of `event` while `ioBin` runs the workload on a copy of the prepared image in `tpl`. */
function count(sc, tpl, probe, event, ioBin) {
  const dir = mkdtempSync(join(tmpdir(), 'evc-'));
  try {
    cpSync(tpl, dir, { recursive: true });
    writeFileSync(join(dir, 'c.conf'), countingConfig(event, probe));
    const out = run(ioBin, [...sc.work, 'read 0 512'].flatMap((c) => ['-c', c]).concat(`blkdebug:c.conf:t.qcow2`), dir);
    const m = /read failed: Unknown error (\d+)/.exec(out);
    if (m) return Number(m[1]) - 1000;
    return /^read 512\/512 bytes at offset 0$/m.test(out) ? 0 : `?${out.trim().split('\n').pop()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const o = args(process.argv.slice(2));
const ours = resolve(import.meta.dirname, '../../bin/qemu-io');
let diffs = 0;
for (const sc of SCENARIOS.filter((s) => s.id.includes(o.filter))) {
  const rows = [];
  const tpl = mkdtempSync(join(tmpdir(), 'evt-'));
  const probe = prepare(sc, tpl, o.qemu);
  for (const ev of o.events) {
    const q = count(sc, tpl, probe, ev, `${o.qemu}/qemu-io`);
    const u = count(sc, tpl, probe, ev, ours);
    if (q !== u) rows.push(`  ${ev}: qemu ${q} ours ${u}`);
    else if (o.verbose && q !== 0) rows.push(`  ${ev}: ${q}`);
  }
  rmSync(tpl, { recursive: true, force: true });
  const bad = rows.filter((r) => r.includes('qemu ')).length;
  diffs += bad;
  console.log(`${bad ? 'DIFF' : 'ok  '} ${sc.id}`);
  for (const r of rows) console.log(r);
}
console.log(diffs ? `${diffs} differing counts` : 'all counts match');
process.exitCode = diffs ? 1 : 0;
