import { describe, expect, it } from 'vitest';
import { truncateDiff, unifiedDiff } from './diff.ts';
import { findGolden } from './golden.ts';

describe('unifiedDiff', () => {
  it('is empty for identical text, strict about whitespace', () => {
    expect(unifiedDiff('a', 'b', 'x\n', 'x\n')).toEqual([]);
    expect(unifiedDiff('a', 'b', 'x\n', 'x \n')).toEqual(['--- a', '+++ b', '@@ -1 +1 @@', '-x', '+x ']);
  });

  it('writes hunks like diff -u', () => {
    const old = 'QA output created by 001\none\ntwo\nthree\n*** done\n';
    const now = 'QA output created by 001\none\n2\nthree\n*** done\n';
    expect(unifiedDiff('golden/001.out', '001.out.bad', old, now)).toEqual([
      '--- golden/001.out', '+++ 001.out.bad', '@@ -1,5 +1,5 @@',
      ' QA output created by 001', ' one', '-two', '+2', ' three', ' *** done',
    ]);
  });

  it('handles an empty side', () => {
    expect(unifiedDiff('a', 'b', '', 'x\n')).toEqual(['--- a', '+++ b', '@@ -0,0 +1 @@', '+x']);
  });
});

describe('truncateDiff', () => {
  it('keeps short diffs whole', () => {
    expect(truncateDiff(['a', 'b'], 2, 'cmd')).toEqual(['a', 'b']);
  });

  it('cuts long ones and says where the whole is', () => {
    expect(truncateDiff(['a', 'b', 'c', 'd'], 2, 'diff -u x y')).toEqual([
      'a', 'b', '[... 2 more diff lines; the whole diff: diff -u x y]',
    ]);
    expect(truncateDiff(['a', 'b', 'c'], 2, 'd')[2]).toBe('[... 1 more diff line; the whole diff: d]');
  });
});

describe('findGolden', () => {
  it('prefers the format-specific golden', () => {
    const have = new Set(['g/042.out.qcow2']);
    expect(findGolden('g', '042', 'qcow2', (p) => have.has(p))).toBe('g/042.out.qcow2');
    expect(findGolden('g', '042', 'raw', (p) => have.has(p))).toBe('g/042.out');
  });
});
