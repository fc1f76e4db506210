// Differential conformance: runs every corpus case with real QEMU 7.2 and with our tools, and reports where they differ.
//   node scripts/diffqemu/run.mjs [filter] [-j N] [-v] [--list] [--keep] [--repo-dist] [--merged] [--json FILE] [--failed-in FILE]
// --merged runs each command with stderr joined to stdout on one pipe (the order C stdio buffering gives).
// --json writes every result; --failed-in FILE reruns only the cases that differed in such a file.
// filter: substring of case ids (or /regex/). Setup steps always use the real tools; only the command under test varies.
// Ours is bundled privately (esbuild into a temp dir) so a run sees one snapshot of the tree;
// --repo-dist uses bin/qemu-img and bin/qemu-io instead (run `npm run build` first).

import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCase } from './exec.mjs';
import { compareImages } from './images.mjs';
import { firstDiff, normalize } from './normalize.mjs';
import { loadCorpus } from './corpus/index.mjs';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const REAL = { 'qemu-img': '/usr/bin/qemu-img', 'qemu-io': '/usr/bin/qemu-io' };

function parseCli(argv) {
  const o = { filter: null, jobs: 3, verbose: false, list: false, keep: false, repoDist: false, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-j') o.jobs = Number(argv[++i]);
    else if (a === '-v') o.verbose = true;
    else if (a === '--list') o.list = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--merged') o.merged = true;
    else if (a === '--repo-dist') o.repoDist = true;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--failed-in') o.failedIn = argv[++i];
    else o.filter = a;
  }
  return o;
}

function matcher(filter) {
  if (!filter) return () => true;
  if (filter.startsWith('/') && filter.endsWith('/') && filter.length > 1) {
    const re = new RegExp(filter.slice(1, -1));
    return (id) => re.test(id);
  }
  return (id) => id.includes(filter);
}

/** A directory holding `qemu-img` and `qemu-io` for one side of the comparison. */
async function toolDirs(o) {
  const realDir = mkdtempSync(join(tmpdir(), 'dq-real-bin-'));
  for (const [t, p] of Object.entries(REAL)) symlinkSync(p, join(realDir, t));
  const oursDir = mkdtempSync(join(tmpdir(), 'dq-ours-bin-'));
  if (o.repoDist) {
    for (const t of Object.keys(REAL)) symlinkSync(join(ROOT, 'bin', t), join(oursDir, t));
    return { realDir, oursDir };
  }
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.keys(REAL).map((t) => [t, join(ROOT, 'bin/entry', `${t}.mts`)])),
    outdir: join(oursDir, 'dist'),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  for (const t of Object.keys(REAL)) {
    // The bundle entry exports run(); a one-line module calls it.
    const runner = join(oursDir, 'dist', `${t}-run.mjs`);
    writeFileSync(runner, `import { run } from './${t}.mjs';\nrun();\n`);
    const shim = join(oursDir, t);
    // The bundle lives outside the tree: NODE_PATH lets it find native modules (zstd-napi) in ours.
    writeFileSync(shim, `#!/bin/sh\nNODE_PATH=${join(ROOT, 'node_modules')} exec node ${runner} "$@"\n`);
    chmodSync(shim, 0o755);
  }
  return { realDir, oursDir };
}

/** Run one case on both sides and describe the differences (empty when the same). */
async function diffCase(c0, dirs, o) {
  const c = o.merged ? { ...c0, cmd: `{ ${c0.cmd}\n} 2>&1` } : c0;
  const real = await runCase(c, { toolDir: dirs.realDir, realDir: dirs.realDir, label: 'r' });
  const ours = await runCase(c, { toolDir: dirs.oursDir, realDir: dirs.realDir, label: 'o' });
  const diffs = [];
  let soft = [];
  if (real.setupFailed || ours.setupFailed) {
    diffs.push(`setup failed: ${real.setupFailed ?? ours.setupFailed}`);
  } else {
    for (const stream of ['stdout', 'stderr']) {
      const a = normalize(real[stream], real.dir);
      const b = normalize(ours[stream], ours.dir);
      if (a !== b) diffs.push(`${stream}:`, ...firstDiff(a, b, o.verbose ? 1000 : 3));
    }
    if (real.status !== ours.status) diffs.push(`status: real ${real.status}, ours ${ours.status}`);
    if (c.images !== false) {
      const im = await compareImages(real.dir, ours.dir, REAL['qemu-img']);
      diffs.push(...im.hard);
      soft = im.soft;
    }
  }
  if (!o.keep) {
    rmSync(real.dir, { recursive: true, force: true });
    rmSync(ours.dir, { recursive: true, force: true });
  }
  return { id: c.id, cmd: c.cmd, diffs, soft, dirs: o.keep ? [real.dir, ours.dir] : undefined };
}

async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
  return results;
}

async function main() {
  const o = parseCli(process.argv.slice(2));
  const match = matcher(o.filter);
  const failed = o.failedIn
    ? new Set(JSON.parse(readFileSync(o.failedIn, 'utf8')).filter((r) => r.diffs.length > 0).map((r) => r.id))
    : null;
  const cases = loadCorpus().filter((c) => match(c.id) && (!failed || failed.has(c.id)));
  if (o.list) {
    for (const c of cases) console.log(`${c.id}\t${c.cmd}`);
    console.log(`${cases.length} cases`);
    return;
  }
  const dirs = await toolDirs(o);
  try {
    const results = await pool(cases, o.jobs, (c) => diffCase(c, dirs, o));
    const bad = results.filter((r) => r.diffs.length > 0);
    for (const r of bad) {
      console.log(`DIFF ${r.id}\n  $ ${r.cmd.replace(/\n/g, '\n  $ ')}`);
      for (const d of r.diffs) console.log(`  ${d}`);
      if (r.dirs) console.log(`  dirs: ${r.dirs.join(' ')}`);
    }
    const soft = results.filter((r) => r.diffs.length === 0 && r.soft.length > 0);
    for (const r of soft) console.log(`NOTE ${r.id}: ${r.soft.join('; ')}`);
    if (o.json) writeFileSync(o.json, JSON.stringify(results, null, 1));
    console.log(`${results.length} cases: ${results.length - bad.length} same, ${bad.length} differ` +
      (soft.length ? ` (${soft.length} same but with qcow2 layout notes)` : ''));
    process.exitCode = bad.length > 0 ? 1 : 0;
  } finally {
    rmSync(dirs.realDir, { recursive: true, force: true });
    if (!o.keep) rmSync(dirs.oursDir, { recursive: true, force: true });
  }
}

await main();
