// The human report, worded like QEMU's ./check: environment header, one row per test, summary (pure).

import { type TestOutcome, totalsLine, totalsOf } from './outcome.ts';

export interface Colors {
  pass: string;
  fail: string;
  notRun: string;
  end: string;
}

export const NO_COLORS: Colors = { pass: '', fail: '', notRun: '', end: '' };
export const ANSI_COLORS: Colors = { pass: '\x1b[32m', fail: '\x1b[1m\x1b[31m', notRun: '\x1b[33m', end: '\x1b[0m' };

/** The header block: `NAME          -- value` lines, then an empty line. */
export function formatHeader(entries: ReadonlyArray<readonly [string, string]>): string[] {
  return [...entries.map(([k, v]) => `${k.padEnd(13)} -- ${v}`.trimEnd()), ''];
}

function seconds(s: number | undefined): string {
  return s === undefined ? '' : `${s.toFixed(1)}s`;
}

/** The in-progress row (shown on terminals only, overwritten by the result row). */
export function formatStartRow(name: string, width: number, last: number | undefined): string {
  return `${name.padEnd(width)} ${'...'.padStart(6)}  ${last === undefined ? '' : `(last: ${seconds(last)})`}`.trimEnd();
}

/** One result row: `042      0.4s  (last: 0.3s)  [failed, exit status 1] - output mismatch (see ...)`. */
export function formatResultRow(o: TestOutcome, width: number, last: number | undefined, c: Colors = NO_COLORS): string {
  const time = seconds(o.elapsed).padStart(6);
  const lastText = (last === undefined ? '' : `(last: ${seconds(last)})`).padEnd(14);
  if (o.status === 'not run') return `${o.name.padEnd(width)} ${c.notRun}[not run]${c.end} ${o.description}`;
  let tail = '';
  if (o.status === 'fail') tail = `${c.fail}${failText(o)}${c.end}`;
  else if (o.regenerated) tail = `${c.pass}regenerated ${o.regenerated}${c.end}`;
  return `${o.name.padEnd(width)} ${time}  ${lastText}${tail}`.trimEnd();
}

function failText(o: TestOutcome): string {
  return [o.crashed ? '[failed, exit status 1]' : '', o.description].filter((s) => s !== '').join(' ');
}

/** Width of the name column: QEMU's, the longest name plus two. */
export function nameWidth(names: readonly string[]): number {
  return Math.max(3, ...names.map((n) => n.length)) + 2;
}

/** The summary after all rows; its very last line is `N passed, N failed, N skipped`. */
export function formatSummary(outcomes: readonly TestOutcome[], qemuMode: boolean): string[] {
  const lines: string[] = [];
  const names = (s: string) => outcomes.filter((o) => o.status === s).map((o) => o.name);
  const notRun = names('not run');
  const failed = names('fail');
  const ran = outcomes.length - notRun.length;
  if (notRun.length > 0) lines.push(`Not run: ${notRun.join(' ')}`);
  if (failed.length > 0) {
    lines.push(`Failures: ${failed.join(' ')}`);
    lines.push(`Failed ${failed.length} of ${ran} iotests`);
  } else {
    lines.push(`Passed all ${ran} iotests`);
  }
  const beyond = outcomes.filter((o) => o.beyondQemu !== undefined);
  if (qemuMode && beyond.length > 0) {
    lines.push(`Beyond QEMU 7.2 (not run against QEMU): ${beyond.map((o) => o.name).join(' ')}`);
    for (const o of beyond) lines.push(`  ${o.name}: ${o.beyondQemu}`);
  }
  lines.push(totalsLine(totalsOf(outcomes)));
  return lines;
}
