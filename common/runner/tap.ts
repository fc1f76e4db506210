// The -tap report: TAP version 13, one `ok`/`not ok` line per test, diffs as comments (pure).

import { type TestOutcome, totalsLine, totalsOf } from './outcome.ts';

export function tapHeader(count: number): string[] {
  return ['TAP version 13', `1..${count}`];
}

/** The TAP lines of the `index`-th (1-based) test. */
export function tapResult(o: TestOutcome, index: number, imgfmt: string): string[] {
  const id = `${index} - ${imgfmt} ${o.name}`;
  if (o.status === 'pass') return [`ok ${id}`];
  if (o.status === 'not run') return [`ok ${id} # SKIP ${o.description}`];
  const why = [o.crashed ? 'failed, exit status 1' : '', o.description].filter((s) => s !== '').join(': ');
  return [`not ok ${id}`, `# ${why}`, ...o.diff.map((l) => `# ${l}`)];
}

/** The closing comment: the same totals line as the human report. */
export function tapFooter(outcomes: readonly TestOutcome[]): string[] {
  return [`# ${totalsLine(totalsOf(outcomes))}`];
}
