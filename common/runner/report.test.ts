import { describe, expect, it } from 'vitest';
import type { TestOutcome } from './outcome.ts';
import { formatHeader, formatResultRow, formatSummary, nameWidth } from './report.ts';
import { tapFooter, tapResult } from './tap.ts';

const pass: TestOutcome = { name: '001', status: 'pass', elapsed: 0.42, description: '', diff: [] };
const notRun: TestOutcome = { name: '002', status: 'not run', description: 'not suitable for this image format: raw', diff: [] };
const mismatch: TestOutcome = {
  name: '003', status: 'fail', elapsed: 1.25, description: 'output mismatch (see 003.out.bad)', diff: ['-a', '+b'],
};
const crashed: TestOutcome = { ...mismatch, name: '004', crashed: true };
const beyond: TestOutcome = {
  name: '005', status: 'not run', description: 'beyond QEMU 7.2: x', beyondQemu: 'QEMU aborts on x', diff: [],
};

describe('rows', () => {
  it('shows time and last time', () => {
    expect(formatResultRow(pass, 5, 0.3)).toBe('001     0.4s  (last: 0.3s)');
    expect(formatResultRow(pass, 5, undefined)).toBe('001     0.4s');
  });

  it('words not run and failures like QEMU', () => {
    expect(formatResultRow(notRun, 5, 1)).toBe('002   [not run] not suitable for this image format: raw');
    expect(formatResultRow(mismatch, 5, undefined)).toBe('003     1.3s                output mismatch (see 003.out.bad)');
    expect(formatResultRow(crashed, 5, undefined)).toBe(
      '004     1.3s                [failed, exit status 1] output mismatch (see 003.out.bad)',
    );
  });

  it('sizes the name column like QEMU', () => {
    expect(nameWidth(['001', 'long-name'])).toBe(11);
  });

  it('formats the header', () => {
    expect(formatHeader([['IMGFMT', 'raw'], ['IMGOPTS', '']])).toEqual(['IMGFMT        -- raw', 'IMGOPTS       --', '']);
  });
});

describe('summary', () => {
  it('passes all', () => {
    expect(formatSummary([pass, notRun], false)).toEqual([
      'Not run: 002', 'Passed all 1 iotests', '1 passed, 0 failed, 1 skipped',
    ]);
  });

  it('lists failures and counts only tests that ran', () => {
    expect(formatSummary([pass, mismatch, crashed, notRun], false)).toEqual([
      'Not run: 002', 'Failures: 003 004', 'Failed 2 of 3 iotests', '1 passed, 2 failed, 1 skipped',
    ]);
  });

  it('lists beyond-QEMU tests in the qemu mode, totals last', () => {
    expect(formatSummary([pass, beyond], true)).toEqual([
      'Not run: 005', 'Passed all 1 iotests', 'Beyond QEMU 7.2 (not run against QEMU): 005', '  005: QEMU aborts on x',
      '1 passed, 0 failed, 1 skipped',
    ]);
  });
});

describe('tap', () => {
  it('prints ok, skip and not ok with the diff as comments', () => {
    expect(tapResult(pass, 1, 'raw')).toEqual(['ok 1 - raw 001']);
    expect(tapResult(notRun, 2, 'raw')).toEqual(['ok 2 - raw 002 # SKIP not suitable for this image format: raw']);
    expect(tapResult(mismatch, 3, 'raw')).toEqual(['not ok 3 - raw 003', '# output mismatch (see 003.out.bad)', '# -a', '# +b']);
    expect(tapFooter([pass, notRun, mismatch])).toEqual(['# 1 passed, 1 failed, 1 skipped']);
  });
});
