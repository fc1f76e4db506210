// Running one test: suitability checks, scratch directory, the body, comparison with (or regeneration of) its golden.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type { CreateTestContext, TestDefinition } from '../test-api.ts';
import type { Loaded } from './discover.ts';
import { truncateDiff, unifiedDiff } from './diff.ts';
import { type EnvRequest, testEnvFor, toolRunnerFor, unsuitableReason } from './environment.ts';
import { findGolden } from './golden.ts';
import type { TestOutcome } from './outcome.ts';
import { BufferTranscript, CLOSING_LINE, openingLine } from './transcript.ts';

export interface RunTestContext {
  goldenDir: string;
  envReq: EnvRequest;
  /** Environment inherited by the tools. */
  baseEnv: Readonly<Record<string, string | undefined>>;
  createContext: CreateTestContext<unknown>;
  regen: boolean;
  keep: boolean;
  /** Seconds; 0 = no limit. */
  timeout: number;
  /** Diff lines shown on the terminal before truncation. */
  maxDiffLines: number;
  /** -d: the test's output as it is written. */
  echo?: (text: string) => void;
  /** How paths are shown in the report (relative to the user's directory when inside it). */
  cwd: string;
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function isNotRun(e: unknown): e is { reason: string } {
  return e instanceof Error && e.name === 'NotRunError' && typeof (e as { reason?: unknown }).reason === 'string';
}

/** The error and its stack down to where the runner called the test (runner frames are noise). */
function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const lines = (e.stack ?? `${e.name}: ${e.message}`).split('\n');
  const cut = lines.findIndex((l, i) => i > 0 && /common[\\/]runner[\\/]/.test(l));
  return (cut > 0 ? lines.slice(0, cut) : lines).join('\n');
}

/** Run the body; resolves to the error it threw (undefined when it returned). */
async function runBody(def: TestDefinition, t: unknown, timeout: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Error>((res) => {
    if (timeout > 0) timer = setTimeout(() => res(new Error(`check: test timed out after ${timeout}s`)), timeout * 1000);
  });
  try {
    return await Promise.race([def.run(t).then(() => undefined, (e: unknown) => e ?? new Error('rejected')), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Run test `name`; `loaded` is its module. Never throws for anything the test does. */
export async function runTest(name: string, loaded: Loaded, ctx: RunTestContext): Promise<TestOutcome> {
  const base = { name, diff: [] as string[] };
  const { envReq } = ctx;
  const bad = join(envReq.runDir, `${name}.out.bad`);
  rmSync(bad, { force: true });
  if ('def' in loaded) {
    const def = loaded.def;
    if (def.beyondQemu !== undefined && envReq.tools.tools === 'qemu') {
      return { ...base, status: 'not run', description: `beyond QEMU 7.2: ${def.beyondQemu}`, beyondQemu: def.beyondQemu };
    }
    const unsuitable = unsuitableReason(def, envReq.imgfmt, envReq.imgproto);
    if (unsuitable) return { ...base, status: 'not run', description: unsuitable };
  }
  const golden = findGolden(ctx.goldenDir, name, envReq.imgfmt, existsSync);
  if (!ctx.regen && !existsSync(golden) && 'def' in loaded) {
    return { ...base, status: 'not run', description: `no qualified output (expected ${shown(golden, ctx.cwd)})` };
  }
  const env = testEnvFor(name, envReq);
  rmSync(env.TEST_DIR, { recursive: true, force: true });
  mkdirSync(env.TEST_DIR, { recursive: true });
  mkdirSync(env.SOCK_DIR, { recursive: true });
  const out = new BufferTranscript(ctx.echo);
  out.write(openingLine(name));
  const t0 = performance.now();
  let failure: unknown;
  if ('def' in loaded) {
    try {
      const t = ctx.createContext(env, toolRunnerFor(env, envReq.tools, ctx.baseEnv), out);
      failure = await runBody(loaded.def, t, ctx.timeout);
    } catch (e) {
      failure = e;
    }
  } else {
    failure = new Error(loaded.error);
  }
  const elapsed = Math.round((performance.now() - t0) / 100) / 10;
  rmSync(env.SOCK_DIR, { recursive: true, force: true });
  if (isNotRun(failure)) {
    cleanup(env.TEST_DIR, ctx.keep);
    return { ...base, status: 'not run', description: failure.reason };
  }
  if (failure === undefined) out.write(CLOSING_LINE);
  else out.write(`${out.text().endsWith('\n') ? '' : '\n'}${errorText(failure)}\n`);
  return judge({ ...base, elapsed, crashed: failure !== undefined }, out.text(), golden, bad, env.TEST_DIR, ctx);
}

/** Compare with the golden (or rewrite it), write NNN.out.bad on failure. */
function judge(
  partial: { name: string; diff: string[]; elapsed: number; crashed: boolean },
  actual: string,
  golden: string,
  bad: string,
  testDir: string,
  ctx: RunTestContext,
): TestOutcome {
  if (ctx.regen && !partial.crashed) {
    const before = existsSync(golden) ? readFileSync(golden, 'utf8') : undefined;
    if (before !== actual) writeFileSync(golden, actual);
    cleanup(testDir, ctx.keep);
    const regenerated = before !== actual ? shown(golden, ctx.cwd) : undefined;
    return { ...partial, status: 'pass', description: '', crashed: undefined, regenerated };
  }
  const expected = existsSync(golden) ? readFileSync(golden, 'utf8') : '';
  if (!partial.crashed && expected === actual) {
    cleanup(testDir, ctx.keep);
    return { ...partial, status: 'pass', description: '', crashed: undefined };
  }
  writeFileSync(bad, actual);
  const lines = unifiedDiff(shown(golden, ctx.cwd), shown(bad, ctx.cwd), expected, actual);
  const whole = `diff -u ${shown(golden, ctx.cwd)} ${shown(bad, ctx.cwd)}`;
  const description = expected === actual ? '' : `output mismatch (see ${shown(bad, ctx.cwd)})`;
  return { ...partial, status: 'fail', description, diff: truncateDiff(lines, ctx.maxDiffLines, whole) };
}

/** A passing (or not run) test's scratch directory goes, unless --keep. */
function cleanup(testDir: string, keep: boolean): void {
  if (!keep) rmSync(testDir, { recursive: true, force: true });
}
