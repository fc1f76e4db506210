// Startup benchmark: `bin/qemu-io -f raw -c 'read 0 512' IMG` against `node -e 0`; prints the median ratio (target ≤ 1.3).
//   npm run bench:startup [-- --runs N] [-- --qemu]   (--qemu also times /usr/bin/qemu-io for reference)

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../scripts/build.mjs';

const TARGET = 1.3;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1]) || 40;

function hasHyperfine() {
  return spawnSync('hyperfine', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Median wall time in ms of each command, measured by hyperfine. */
function hyperfine(commands, dir) {
  const out = join(dir, 'hyperfine.json');
  execFileSync('hyperfine', ['-N', '--warmup', '5', '--runs', String(runs), '--export-json', out, ...commands], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return JSON.parse(readFileSync(out, 'utf8')).results.map((r) => r.median * 1000);
}

/** The same without hyperfine: timed spawns, median of `runs`. */
function timedRuns(commands) {
  return commands.map((cmd) => {
    const [file, ...args] = cmd;
    const times = [];
    for (let i = 0; i < runs + 5; i++) {
      const t0 = process.hrtime.bigint();
      spawnSync(file, args, { stdio: 'ignore' });
      if (i >= 5) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  });
}

/** Quote for hyperfine's -N mode (it splits like a shell). */
const quote = (words) => words.map((w) => (/[\s']/.test(w) ? `'${w}'` : w)).join(' ');

async function main() {
  // The launchers drop NODE_EXTRA_CA_CERTS (bin/qemu-img says why); so does the baseline here, so
  // the ratio stays our own start-up cost over a bare node.
  delete process.env.NODE_EXTRA_CA_CERTS;
  await build(root, { ifStale: true });
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    const img = join(dir, 'bench.raw');
    writeFileSync(img, Buffer.alloc(1024 * 1024));
    const ours = [join(root, 'bin/qemu-io'), '-f', 'raw', '-c', 'read 0 512', img];
    const commands = [['node', '-e', '0'], ours];
    if (argv.includes('--qemu')) commands.push(['/usr/bin/qemu-io', '-f', 'raw', '-c', 'read 0 512', img]);
    const probe = spawnSync(ours[0], ours.slice(1), { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error(`bin/qemu-io failed (status ${probe.status}): ${probe.stderr.trim()}`);
    const medians = hasHyperfine() ? hyperfine(commands.map(quote), dir) : timedRuns(commands);
    commands.forEach((c, i) => console.log(`${medians[i].toFixed(1).padStart(8)} ms  ${quote(c)}`));
    const ratio = medians[1] / medians[0];
    console.log(`median ratio qemu-io / node -e 0: ${ratio.toFixed(2)} (target <= ${TARGET}: ${ratio <= TARGET ? 'met' : 'NOT met'})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
});
