// The run of ./check: find → environment → run → report. Returns the exit status; prints through `con`.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listTests, type Loaded, loadContextFactory, testLoader } from './discover.ts';
import { configLabel, type EnvRequest, resolveTools, usesOurShims } from './environment.ts';
import { headerEntries } from './header.ts';
import type { CheckOptions } from './options.ts';
import type { TestOutcome } from './outcome.ts';
import { reporter } from './reporter.ts';
import { runTest, type RunTestContext } from './run-test.ts';
import { acquireRunDir } from './scratch.ts';
import { needsGroups, selectTests } from './select.ts';
import { Timings } from './timings.ts';

/** Where the runner writes: line-oriented stdout/stderr, raw progress text, and whether stdout is a terminal. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
  raw(text: string): void;
  isTTY: boolean;
}

export interface RunSetup {
  /** The repository root (where check.ts, tests/, golden/, bin/ are). */
  root: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on Ctrl-C: no further test starts; the summary covers the tests that ran. */
  interrupt?: AbortSignal;
}

/** Diff lines shown per failing test before the "[... N more diff lines ...]" note. */
const MAX_DIFF_LINES = 80;

export async function runCheck(opts: CheckOptions, setup: RunSetup, con: Console): Promise<number> {
  const { root } = setup;
  const tools = resolveTools(root, opts.qemuDir, setup.env);
  if ('error' in tools) return fatal(con, tools.error);
  const load = testLoader(join(root, 'tests'));
  const selected = await findTests(opts, join(root, 'tests'), load);
  if (!Array.isArray(selected)) return fatal(con, selected.error);
  if (opts.dryRun) {
    selected.forEach((n) => con.out(n));
    return 0;
  }
  if (usesOurShims(root, tools)) {
    const built = await buildShims(root);
    if (built) return fatal(con, built);
  }
  const createContext = await loadContextFactory(join(root, 'common'));
  if (createContext instanceof Error) return fatal(con, createContext.message);

  const label = configLabel(opts.imgfmt, opts.imgproto, tools);
  const runDir = acquireRunDir(setup.env.TEST_DIR ? setup.env.TEST_DIR : join(root, 'scratch'), label);
  const sockRoot = mkdtempSync(join(tmpdir(), 'check-sock-'));
  const timings = Timings.load(join(root, '.check-timings.json'), label);
  const envReq: EnvRequest = { ...opts, runDir: runDir.path, sockRoot, tools };
  const ctx: RunTestContext = {
    goldenDir: join(root, 'golden'), envReq, baseEnv: setup.env, createContext, regen: opts.regen,
    keep: opts.keep, timeout: opts.timeout, maxDiffLines: MAX_DIFF_LINES, cwd: setup.cwd,
    echo: opts.debug ? (text) => con.raw(text) : undefined,
  };
  let failed = true;
  try {
    const report = reporter(opts, con, selected, timings, tools.tools === 'qemu');
    report.start(headerEntries({ ...opts, tools, runDir: runDir.path, sockRoot }));
    const outcomes = await runAll(selected, opts.jobs, setup.interrupt, async (name) => {
      report.starting(name);
      return runTest(name, await load(name), ctx);
    }, (o) => {
      report.finished(o);
      if (o.status === 'pass' && o.elapsed !== undefined) timings.update(o.name, o.elapsed);
    });
    if (setup.interrupt?.aborted) con.out('Interrupted by user');
    report.end(outcomes);
    failed = outcomes.some((o) => o.status === 'fail');
    return failed ? 1 : 0;
  } finally {
    runDir.release(failed || opts.keep);
    timings.save();
    rmSync(sockRoot, { recursive: true, force: true });
  }
}

/** The tests the options select; every module is loaded first when groups matter. */
async function findTests(opts: CheckOptions, testsDir: string, load: (n: string) => Promise<Loaded>) {
  const available = listTests(testsDir);
  const groups = new Map<string, readonly string[]>();
  if (needsGroups(opts)) {
    for (const n of available) {
      const l = await load(n);
      groups.set(n, 'def' in l ? l.def.groups : []);
    }
  }
  return selectTests(available, opts, (n) => groups.get(n) ?? []);
}

function fatal(con: Console, message: string): number {
  con.err(`check: ${message}`);
  return 1;
}

/**
 * Run `work` over `names` with at most `jobs` at once; `done` sees the outcomes in list order.
 * After `stop` aborts no test starts; the outcomes of the tests that ran are returned.
 */
async function runAll(
  names: readonly string[],
  jobs: number,
  stop: AbortSignal | undefined,
  work: (name: string) => Promise<TestOutcome>,
  done: (o: TestOutcome) => void,
): Promise<TestOutcome[]> {
  const results: Array<TestOutcome | undefined> = new Array(names.length);
  let next = 0;
  let shown = 0;
  const worker = async () => {
    while (next < names.length && !stop?.aborted) {
      const i = next++;
      results[i] = await work(names[i] as string);
      for (; shown < names.length && results[shown]; shown++) done(results[shown] as TestOutcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, names.length) }, worker));
  return results.filter((r): r is TestOutcome => r !== undefined);
}

/** Bundle bin/'s dist/ before spawning our shims, so they never run stale code; an error message or undefined. */
async function buildShims(root: string): Promise<string | undefined> {
  const script = join(root, 'scripts/build.mjs');
  if (!existsSync(script)) return 'scripts/build.mjs is missing';
  try {
    type Build = (root: string, opts: { ifStale: boolean }) => Promise<unknown>;
    const mod = (await import(pathToFileURL(script).href)) as { build?: Build };
    if (typeof mod.build !== 'function') return 'scripts/build.mjs does not export build()';
    await mod.build(root, { ifStale: true });
    return undefined;
  } catch (e) {
    return `building dist/ failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
