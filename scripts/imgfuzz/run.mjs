// qemu-img command fuzz: random images made by the real tools, one random qemu-img command each, through QEMU and ours.
//
// Usage: node scripts/imgfuzz/run.mjs [SEED] [COUNT]   (IMGFUZZ_ONLY=convert: only command lines starting so)
// Each case makes a qcow2 (random cluster size and features, data from random qemu-io ops, maybe
// a snapshot), a raw image and maybe a qcow2 overlay with /usr/bin's tools, copies them into two
// directories, and runs one random command line (measure, map, compare, info, check, resize,
// rebase, commit, amend, snapshot, dd, convert, bitmap, with random options) there through
// /usr/bin/qemu-img and our bin/qemu-img. A case fails when stdout, stderr or the exit status
// differ, or when any file differs afterwards (byte for byte, unless a second QEMU run differs
// from the first too: snapshot times, parallel allocation order; the real `qemu-img compare` says
// whether the guest content differs). Failing cases keep their directory under the temp
// dir and are printed with the setup commands. Exit status 1 when any case failed.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../lib/prng.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const QEMU = '/usr/bin';
const OURS = join(root, 'bin');
const seed = Number(process.argv[2] ?? Date.now() % 100000);
const count = Number(process.argv[3] ?? 50);

const rnd = seededRandom(seed);
const pick = (list) => list[rnd(list.length)];
const sh = (cmd, cwd) => spawnSync('bash', ['-c', cmd], { cwd, encoding: 'utf8', timeout: 120000 });

/** qemu-io -c arguments: a few random writes, zero writes, compressed writes and discards. */
function ioOps(fmt) {
  return Array.from({ length: 1 + rnd(6) }, () => {
    const op = pick(['write -P ' + rnd(256), 'write -z', 'write -P 0', fmt === 'qcow2' ? 'write -c -P 3' : 'write -P 7', 'discard']);
    return `-c "${op} ${rnd(64) * pick([512, 4096, 65536])} ${(1 + rnd(16)) * pick([512, 4096, 65536])}"`;
  }).join(' ');
}

/** Shell commands (run in the case directory) that make a.qcow2, r.img and maybe b.qcow2 over a.qcow2. */
function setupCommands() {
  const size = () => pick(['1M', '3M', '64k', '5000k', '128M', '1G']);
  const cluster = pick(['4k', '64k', '512', '2M']);
  const features = ['', ',compat=0.10', ',lazy_refcounts=on', ',refcount_bits=8', ...(cluster === '64k' || cluster === '2M' ? [',extended_l2=on'] : [])];
  const opts = `cluster_size=${cluster}${pick(features)}`;
  const cmds = [
    `${QEMU}/qemu-img create -q -f qcow2 -o ${opts} a.qcow2 ${size()}`,
    `${QEMU}/qemu-img create -q -f raw r.img ${size()}`,
    `{ ${QEMU}/qemu-io -f qcow2 ${ioOps('qcow2')} a.qcow2 >/dev/null 2>&1; true; }`,
    `{ ${QEMU}/qemu-io -f raw ${ioOps('raw')} r.img >/dev/null 2>&1; true; }`,
  ];
  if (rnd(2)) {
    cmds.push(`${QEMU}/qemu-img create -q -f qcow2 -b a.qcow2 -F qcow2 b.qcow2 ${pick(['', '2M', '200M'])}`);
    cmds.push(`{ ${QEMU}/qemu-io -f qcow2 ${ioOps('qcow2')} b.qcow2 >/dev/null 2>&1; true; }`);
  }
  if (rnd(3) === 0) cmds.push(`${QEMU}/qemu-img snapshot -c s1 a.qcow2`, `{ ${QEMU}/qemu-io -f qcow2 ${ioOps('qcow2')} a.qcow2 >/dev/null 2>&1; true; }`);
  return cmds;
}

/** Random -o options for qemu-img create (valid, invalid, and with backing files). */
function createOptions() {
  const opts = [
    'cluster_size=' + pick(['512', '4k', '64k', '2M', '3k', '4M', '256']),
    'compat=' + pick(['0.10', '1.1', 'v3', '2']),
    'lazy_refcounts=' + pick(['on', 'off', 'maybe']),
    'refcount_bits=' + pick(['1', '16', '64', '3', '128']),
    'preallocation=' + pick(['off', 'metadata', 'falloc', 'full', 'bogus']),
    'extended_l2=' + pick(['on', 'off']),
    'backing_file=' + pick(['a.qcow2', 'r.img', 'missing.img']),
    'backing_fmt=' + pick(['qcow2', 'raw', 'vmdk']),
    'compression_type=' + pick(['zlib', 'zstd', 'lz4']),
    'size=' + pick(['1M', '64k']),
    'encrypt.format=luks',
    'data_file=d.img',
    'nocow=on',
  ];
  const n = rnd(4);
  if (n === 0) return pick(['', '-b a.qcow2 -F qcow2', '-b r.img -F raw', '-b a.qcow2', '-F qcow2']);
  return '-o ' + Array.from({ length: n }, () => pick(opts)).join(',');
}

/** One random qemu-img command line (without the program name) over the case's images. */
function randomCommand(dir) {
  const overlay = existsSync(join(dir, 'b.qcow2'));
  const img = pick(overlay ? ['a.qcow2', 'b.qcow2', 'r.img'] : ['a.qcow2', 'r.img']);
  const fmt = img === 'r.img' ? 'raw' : 'qcow2';
  const top = overlay ? 'b.qcow2' : 'a.qcow2';
  const num = () => pick(['0', '512', '4k', '64k', '1M', '3M', '100', '-1', '1G', '2M']);
  const templates = [
    () => `measure -O ${pick(['qcow2', 'raw'])} ${pick(['', '-o cluster_size=4k', '-o preallocation=full', '-o preallocation=metadata', '-o extended_l2=on', '-o compat=0.10'])} ${pick(['--output=json', ''])} ${rnd(2) ? `-f ${fmt} ${img}` : `--size ${pick(['1M', '5000k', '1G', '3T'])}`}`,
    () => `map ${pick(['--output=json', ''])} ${rnd(2) ? `-s ${num()}` : ''} ${rnd(2) ? `-l ${num()}` : ''} -f ${fmt} ${img}`,
    () => `compare ${pick(['', '-s', '-q', '-m 2'])} ${pick(['a.qcow2', 'r.img', img])} ${pick(overlay ? ['a.qcow2', 'r.img', 'b.qcow2'] : ['a.qcow2', 'r.img'])}`,
    () => `info ${pick(['--output=json', '', '--backing-chain'])} ${img}`,
    () => `check ${pick(['', '--output=json', '-r leaks', '-r all'])} ${fmt === 'raw' ? 'a.qcow2' : img}`,
    () => `resize ${pick(['', '--shrink', '--preallocation=falloc', '--preallocation=metadata'])} -f ${fmt} ${img} ${pick(['+1M', '-64k', '2M', '512k', '+0', '1G', '100M'])}`,
    () => `rebase ${pick(['', '-u'])} -f qcow2 -b ${pick(['r.img', '""', 'a.qcow2'])} -F ${pick(['raw', 'qcow2'])} ${top}`,
    () => `commit ${pick(['', '-d', '-b a.qcow2'])} ${top}`,
    () => `amend -o ${pick(['compat=0.10', 'compat=1.1', 'lazy_refcounts=on', 'refcount_bits=1', 'refcount_bits=64', 'size=8M', 'cluster_size=4k'])} a.qcow2`,
    () => `snapshot ${pick(['-l', '-c s2', '-d s1', '-a s1'])} a.qcow2`,
    () => `dd -f ${fmt} -O ${pick(['raw', 'qcow2'])} bs=${pick(['512', '4k', '64k', '1M'])} ${rnd(2) ? `count=${rnd(40)}` : ''} ${rnd(2) ? `skip=${rnd(40)}` : ''} if=${img} of=out.img`,
    () => `convert -f ${fmt} -O ${pick(['raw', 'qcow2'])} ${pick(['', '-c', '-S 0', '-S 4k', '-S 64k', '-W', '-m 3', '-o cluster_size=4k', '-o cluster_size=512', '-o cluster_size=2M', '-o extended_l2=on', '-o preallocation=metadata', '-o compat=0.10', '-t writethrough', '-o data_file=d.img'])} ${rnd(3) === 0 && img === 'a.qcow2' ? '-l s1' : ''} ${img} out.img`,
    () => `bitmap ${pick(['--add', '--remove', '--clear', '--enable', '--disable'])} ${rnd(2) ? `-g ${pick(['512', '64k', '1M', '3k'])}` : ''} a.qcow2 bm0`,
    () => {
      const opts = createOptions();
      // Preallocated images are written or reserved whole: keep them small.
      const sizes = /preallocation=(full|falloc)/.test(opts) ? ['', '1M', '0', '1.5M', '100'] : ['', '1M', '0', '3G', '1.5M', '100', '-1', '16E', '2T', '1k'];
      return `create -f ${pick(['qcow2', 'raw'])} ${pick(['', '-q', '-u'])} ${opts} out.img ${pick(sizes)}`;
    },
    () => `convert -f ${fmt} -O qcow2 ${pick([`-B ${top} -F qcow2`, '-B r.img -F raw', `-o backing_file=${top},backing_fmt=qcow2`, '-n', '--target-is-zero -n', '-n -S 0'])} ${img} ${pick(['a.qcow2', 'out.img'])}`,
    () => `info ${pick(['-U', '--force-share', '--image-opts', '-f qcow2', '-f raw'])} ${pick(['--output=json', ''])} ${pick([img, `driver=qcow2,file.filename=${top}`, `json:{"driver":"qcow2","file":{"driver":"file","filename":"${top}"}}`])}`,
    () => `map ${pick(['--output=json', ''])} --image-opts driver=qcow2,file.filename=${top}${pick(['', ',backing=null', ',backing.driver=raw'])}`,
  ];
  const only = process.env.IMGFUZZ_ONLY;
  for (;;) {
    const cmd = pick(templates)().replace(/ +/g, ' ');
    if (!only || cmd.startsWith(only)) return cmd;
  }
}

/** Run the case's command with QEMU once more, on fresh copies in `q2`. */
function rerunQemu(dir, cmd) {
  mkdirSync(join(dir, 'q2'));
  for (const f of readdirSync(dir)) if (f.includes('.')) copyFileSync(join(dir, f), join(dir, 'q2', f));
  return sh(`${QEMU}/qemu-img ${cmd}`, join(dir, 'q2'));
}

const work = mkdtempSync(join(tmpdir(), 'imgfuzz-'));
let failed = 0;
for (let c = 0; c < count; c++) {
  const dir = join(work, `case${c}`);
  mkdirSync(dir);
  const setup = setupCommands();
  const made = sh(setup.join(' && '), dir);
  if (made.status !== 0) {
    console.log(`case ${c}: setup failed (${made.stderr.trim()}); skipped`);
    continue;
  }
  const cmd = randomCommand(dir);
  for (const side of ['q', 'o']) {
    mkdirSync(join(dir, side));
    for (const f of readdirSync(dir)) if (f.includes('.')) copyFileSync(join(dir, f), join(dir, side, f));
  }
  const theirs = sh(`${QEMU}/qemu-img ${cmd}`, join(dir, 'q'));
  const ours = sh(`${OURS}/qemu-img ${cmd}`, join(dir, 'o'));
  if (theirs.status === null) {
    // QEMU 7.2 loops forever on some inputs (amend to refcount_bits=64 with 2 MiB clusters): nothing to compare.
    console.log(`case ${c}: QEMU did not finish \`qemu-img ${cmd}\` (ours: status ${ours.status}); skipped`);
    rmSync(dir, { recursive: true, force: true });
    continue;
  }
  // QEMU numbers its automatic node names differently from run to run.
  const norm = (text) => text.replaceAll(`${dir}/q/`, 'DIR/').replaceAll(`${dir}/o/`, 'DIR/').replace(/#block\d+/g, '#blockN');
  const diffs = [];
  if (norm(theirs.stdout) !== norm(ours.stdout) || norm(theirs.stderr) !== norm(ours.stderr) || theirs.status !== ours.status) {
    diffs.push(`output differs\n--- QEMU (status ${theirs.status})\n${theirs.stdout}${theirs.stderr}--- ours (status ${ours.status})\n${ours.stdout}${ours.stderr}`);
  }
  let rerun;
  for (const f of readdirSync(join(dir, 'q'))) {
    if (!existsSync(join(dir, 'o', f))) diffs.push(`${f}: only QEMU made it`);
    else if (sh(`cmp -s q/${f} o/${f}`, dir).status !== 0) {
      // QEMU's own result may vary from run to run (snapshot times, the order parallel requests
      // allocate in): run it once more, and count only differences QEMU reproduces.
      rerun ??= rerunQemu(dir, cmd);
      if (sh(`cmp -s q/${f} q2/${f}`, dir).status !== 0) continue;
      const cmp = sh(`${QEMU}/qemu-img compare -U q/${f} o/${f}`, dir);
      diffs.push(`${f}: bytes differ (real qemu-img compare: ${cmp.stdout.trim() || cmp.stderr.trim()})`);
    }
  }
  if (diffs.length === 0) {
    rmSync(dir, { recursive: true, force: true });
    continue;
  }
  failed++;
  console.log(`FAIL case ${c} (seed ${seed}) in ${dir}\n  ${setup.join('\n  ')}\n  qemu-img ${cmd}\n  ${diffs.join('\n  ')}`);
}
if (failed === 0) rmSync(work, { recursive: true, force: true });
console.log(`${count} cases, ${failed} failing`);
process.exitCode = failed > 0 ? 1 : 0;
