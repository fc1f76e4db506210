// Printing a run as it goes: the human report (rows as tests finish, progress on terminals) or TAP.

import type { Console } from './run.ts';
import type { CheckOptions } from './options.ts';
import type { TestOutcome } from './outcome.ts';
import { ANSI_COLORS, formatHeader, formatResultRow, formatStartRow, formatSummary, nameWidth, NO_COLORS } from './report.ts';
import { tapFooter, tapHeader, tapResult } from './tap.ts';
import type { Timings } from './timings.ts';

export interface Reporter {
  start(header: Array<[string, string]>): void;
  starting(name: string): void;
  finished(o: TestOutcome): void;
  end(outcomes: readonly TestOutcome[]): void;
}

/** The human report or TAP, as -tap asks. */
export function reporter(opts: CheckOptions, con: Console, names: readonly string[], timings: Timings, qemuMode: boolean): Reporter {
  if (opts.tap) {
    let index = 0;
    return {
      start: () => tapHeader(names.length).forEach((l) => con.out(l)),
      starting: () => {},
      finished: (o) => tapResult(o, ++index, opts.imgfmt).forEach((l) => con.out(l)),
      end: (outcomes) => tapFooter(outcomes).forEach((l) => con.out(l)),
    };
  }
  const width = nameWidth(names);
  const colors = opts.color === 'on' || (opts.color === 'auto' && con.isTTY) ? ANSI_COLORS : NO_COLORS;
  const progress = con.isTTY && opts.jobs === 1 && !opts.debug;
  return {
    start: (header) => formatHeader(header).forEach((l) => con.out(l)),
    starting: (name) => {
      if (progress) con.raw(`${formatStartRow(name, width, timings.get(name))}\r`);
    },
    finished: (o) => {
      if (progress) con.raw('\x1b[K');
      con.out(formatResultRow(o, width, timings.get(o.name), colors));
      o.diff.forEach((l) => con.out(l));
    },
    end: (outcomes) => formatSummary(outcomes, qemuMode).forEach((l) => con.out(l)),
  };
}

