// What running one test produced, shared by the runner's run, report and TAP modules.

export type TestStatus = 'pass' | 'fail' | 'not run';

export interface TestOutcome {
  name: string;
  status: TestStatus;
  /** Seconds the test ran (tests that ran only). */
  elapsed?: number;
  /** Not run: the reason. Fail: "output mismatch (see PATH)", "failed, exit status 1", ... */
  description: string;
  /** The test body threw (QEMU's "[failed, exit status 1]"). */
  crashed?: boolean;
  /** Unified diff lines against the golden (already truncated for the terminal). */
  diff: string[];
  /** Not run because it goes beyond QEMU 7.2 and the tools are QEMU's; the reason. */
  beyondQemu?: string;
  /** --regen wrote this golden file. */
  regenerated?: string;
}

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

export function totalsOf(outcomes: readonly TestOutcome[]): Totals {
  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  return { passed: count('pass'), failed: count('fail'), skipped: count('not run') };
}

/** The runner's very last line. */
export function totalsLine(t: Totals): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
}
