// qemu-io command-line fuzz: random (often invalid) qemu-io commands and options on QEMU-made images, through QEMU and ours.
//
// Usage: node scripts/iofuzz/run.mjs [SEED] [COUNT]
// Each case makes a raw or qcow2 image with /usr/bin's tools (some data written), copies it into
// two directories and runs one qemu-io invocation there (random global options, then 1-5 random
// -c commands drawn from the whole command table, with odd offsets, lengths, patterns and flags)
// through /usr/bin/qemu-io and our bin/qemu-io. Timings are filtered out. A case fails when
// stdout, stderr or the exit status differ, when the image files differ afterwards, or when ours
// prints a JavaScript stack trace (wait_break is left out: without blkdebug QEMU waits forever). Failing cases are printed with the setup and the command line.
// Exit status 1 when any case failed.

import { spawnSync } from 'node:child_process';
import { createTwoFilesPatch } from 'diff';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../lib/prng.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const QEMU = '/usr/bin';
const OURS = join(root, 'bin');
const seed = Number(process.argv[2] ?? Date.now() % 100000);
const count = Number(process.argv[3] ?? 100);

const rnd = seededRandom(seed);
const pick = (list) => list[rnd(list.length)];
const maybe = (s, oneIn = 3) => (rnd(oneIn) === 0 ? s : '');
const sh = (cmd, cwd) => spawnSync('bash', ['-c', cmd], { cwd, encoding: 'utf8', timeout: 60000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });

/** Numbers qemu-io parses (cvtnum): sizes with suffixes, odd alignments, negatives, garbage and huge values. */
const num = () => pick([
  '0', '1', '512', '513', '4k', '4096', '64k', '65536', '1M', '1023k', '1048064', '2M', '3M', '-1', '-512',
  '1.5k', '0x200', '0x10000', 'abc', '12q', '1G', '4G', '1T', '9223372036854775807', '9223372036854775808',
  '2147483647', '2147483648', '1e3', '', '00', '1k5', '0.5',
]);
const len = () => pick(['0', '1', '511', '512', '4k', '64k', '65537', '1M', '2M', '-1', '1G', '3G', 'x', '128k', '100']);
const pattern = () => pick(['0', '1', '255', '256', '0x55', '-1', 'z', '0xff', '1000']);

/** One random qemu-io command (without -c). */
function command(fmt) {
  const rw = () => `${num()} ${len()}`;
  const templates = [
    () => `read ${maybe('-q ', 2)}${maybe('-v ')}${maybe('-b ', 6)}${maybe(`-P ${pattern()} `)}${maybe(`-s ${num()} `, 5)}${maybe(`-l ${len()} `, 5)}${maybe('-p ', 8)}${rw()}`,
    () => `write ${maybe('-q ', 2)}${maybe(`-P ${pattern()} `, 2)}${maybe('-z ', 3)}${maybe('-u ', 5)}${maybe('-f ', 6)}${maybe('-n ', 6)}${maybe('-b ', 8)}${fmt === 'qcow2' ? maybe('-c ', 4) : maybe('-c ', 12)}${maybe('-p ', 10)}${rw()}`,
    () => `readv ${maybe('-q ', 2)}${maybe('-v ', 4)}${maybe(`-P ${pattern()} `)}${num()} ${len()} ${maybe(len(), 2)} ${maybe(len(), 3)}`,
    () => `writev ${maybe('-q ', 2)}${maybe('-f ', 6)}${maybe(`-P ${pattern()} `, 2)}${num()} ${len()} ${maybe(len(), 2)}`,
    () => `aio_write ${maybe('-q ', 2)}${maybe('-z ', 4)}${maybe('-u ', 6)}${maybe('-f ', 6)}${maybe(`-P ${pattern()} `, 2)}${num()} ${len()} ${maybe(len(), 3)}`,
    () => `aio_read ${maybe('-q ', 2)}${maybe('-v ', 5)}${maybe(`-P ${pattern()} `, 3)}${num()} ${len()}`,
    () => 'aio_flush',
    () => `discard ${maybe('-q ', 2)}${rw()}`,
    () => `alloc ${num()} ${maybe(num(), 2)}`,
    () => pick(['map', 'length', 'info', 'flush', 'close', 'quit', 'help', `help ${pick(['read', 'write', 'open', 'nosuch', 'aio_write', 'truncate', 'map'])}`]),
    () => `truncate ${maybe(`-m ${pick(['off', 'metadata', 'falloc', 'full', 'bogus'])} `, 3)}${pick([num(), '1M', '2M', '512k', '+1M'])}`,
    () => `reopen ${pick(['-r', '-w', '', '-c none', '-c writeback', '-c bogus', '-o discard=unmap', '-o bogus=1', '-r -w', '-c unsafe -r'])}`,
    () => `open ${pick(['', '-r ', '-n ', '-C ', '-k ', '-U ', '-t writeback ', '-d unmap ', '-o driver=raw '])}${pick(['img', 'nosuch.img', ''])}`,
    () => pick(['break write_aio t1', 'resume t1', 'remove_break t1', 'nosuchcmd', 'read', 'write 0', 'alloc', 'truncate', 'discard 0', 'read -Z 0 512', 'write -P 1 -z 0 512', 'write -c -z 0 64k', 'write -s /nonexistent 0 512']),
  ];
  return pick(templates)();
}

/** Global qemu-io options and the image argument. */
function globals(fmt) {
  const f = pick([`-f ${fmt}`, `-f ${fmt}`, '', `-f ${fmt === 'raw' ? 'qcow2' : 'raw'}`]);
  const opts = [f, maybe('-r', 4), maybe('-n', 8), maybe(`-t ${pick(['none', 'writeback', 'unsafe', 'directsync', 'bogus'])}`, 6), maybe(`-d ${pick(['unmap', 'ignore', 'on', 'bogus'])}`, 6), maybe('-U', 8), maybe('-C', 10), maybe('-k', 10)];
  return opts.filter(Boolean).join(' ');
}

/** Shell commands (in the case directory) that make the image `img` of format `fmt` with some data. */
function setup(fmt) {
  const size = pick(['1M', '4M', '3000k', '64k']);
  const create = fmt === 'qcow2'
    ? `${QEMU}/qemu-img create -q -f qcow2 -o cluster_size=${pick(['512', '4k', '64k', '2M'])}${pick(['', ',compat=0.10', ',extended_l2=on', ',lazy_refcounts=on'])} img ${size}`
    : `${QEMU}/qemu-img create -q -f raw img ${size}`;
  const ops = Array.from({ length: rnd(4) }, () => `-c "${pick(['write -P 5', 'write -z', 'discard', 'write -P 9'])} ${rnd(16) * 4096} ${(1 + rnd(8)) * 4096}"`).join(' ');
  return [create, `{ ${QEMU}/qemu-io -f ${fmt} ${ops} img >/dev/null 2>&1; true; }`];
}

/** Output with timings made neutral (the rates and the -C statistics line), and generated node names (random digits). */
function filter(text) {
  return text
    .replace(/\d+\.\d+ sec \([^)]*\)/g, 'X sec (rate)')
    .replace(/\d+:\d\d:\d\d\.\d\d \([^)]*\)/g, 'TIME (rate)')
    .replace(/^(\d+,\d+),\d+:\d+:\d+\.\d+,[\d.]+,[\d.]+$/gm, '$1,TIME')
    .replace(/#block\d+/g, '#blockNNN');
}

const base = mkdtempSync(join(tmpdir(), 'iofuzz-'));
let failed = 0;
for (let i = 0; i < count; i++) {
  const fmt = pick(['raw', 'qcow2']);
  const setupCmds = setup(fmt);
  const cmds = Array.from({ length: 1 + rnd(5) }, () => command(fmt));
  const line = `${globals(fmt)} ${cmds.map((c) => `-c '${c}'`).join(' ')} img`;
  const dir = join(base, `case${i}`);
  const runs = {};
  for (const [who, bin] of [['qemu', QEMU], ['ours', OURS]]) {
    const d = join(dir, who);
    mkdirSync(d, { recursive: true });
    for (const c of setupCmds) sh(c, d);
    if (!existsSync(join(d, 'img'))) break; // options QEMU refuses (extended_l2 with small clusters): no case
    const r = sh(`${bin}/qemu-io ${line}`, d);
    runs[who] = { out: filter(r.stdout ?? ''), err: filter((r.stderr ?? '').replaceAll(`${bin}/qemu-io`, 'qemu-io')), status: r.status, img: join(d, 'img') };
  }
  const q = runs.qemu;
  const o = runs.ours;
  if (!q || !o) {
    rmSync(dir, { recursive: true, force: true });
    continue;
  }
  const why = [];
  if (q.out !== o.out) why.push('stdout');
  if (q.err !== o.err) why.push('stderr');
  if (q.status !== o.status) why.push(`status ${q.status} vs ${o.status}`);
  // cmp(1): images may have grown past what one Buffer holds.
  if (spawnSync('cmp', ['-s', q.img, o.img]).status !== 0) why.push('image bytes');
  if (/\n\s+at .*\.(c?js|ts):\d+/.test(o.err)) why.push('stack trace');
  if (why.length) {
    failed++;
    console.log(`--- case ${i} (${fmt}): ${why.join(', ')}\n  setup: ${setupCmds.join(' && ')}\n  qemu-io ${line}`);
    const show = (name, a, b) => console.log(createTwoFilesPatch(`qemu ${name}`, `ours ${name}`, a, b, '', '', { context: 2 }).split('\n').slice(2, 40).join('\n'));
    if (why.includes('stdout')) show('stdout', q.out, o.out);
    if (why.includes('stderr')) show('stderr', q.err, o.err);
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`${count - failed}/${count} cases agree${failed ? ` (failing cases kept under ${base})` : ''}`);
if (!failed) rmSync(base, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
