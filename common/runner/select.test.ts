import { describe, expect, it } from 'vitest';
import { compareTestNames, expandSpec, needsGroups, selectTests, testNameOf } from './select.ts';

const available = ['001', '002', '003', '010', '011', '100', 'named'];
const groups: Record<string, string[]> = {
  '001': ['rw', 'auto'], '002': ['rw'], '003': ['disabled'], '010': ['auto', 'slow'], '011': ['quick'],
  '100': ['auto'], named: ['quick'],
};
const groupsOf = (n: string) => groups[n] ?? [];
const req = (r: Partial<Parameters<typeof selectTests>[1]>) => ({ tests: [], groups: [], excludeGroups: [], ...r });

describe('test names', () => {
  it('recognizes test files only', () => {
    expect(testNameOf('042.ts')).toBe('042');
    expect(testNameOf('named-test.ts')).toBe('named-test');
    expect(testNameOf('042.test.ts')).toBeUndefined();
    expect(testNameOf('042.out')).toBeUndefined();
    expect(testNameOf('types.d.ts')).toBeUndefined();
  });

  it('orders numbers numerically before names', () => {
    expect(['b', '100', '02', '010', 'a'].sort(compareTestNames)).toEqual(['02', '010', '100', 'a', 'b']);
  });
});

describe('expandSpec', () => {
  it('expands ranges to the tests that exist', () => {
    expect(expandSpec('002-011', available)).toEqual(['002', '003', '010', '011']);
    expect(expandSpec('200-300', available)).toEqual([]);
    expect(expandSpec('5-1', available)).toEqual({ error: "invalid test range '5-1'" });
  });

  it('accepts names in several spellings', () => {
    expect(expandSpec('1', available)).toEqual(['001']);
    expect(expandSpec('tests/010.ts', available)).toEqual(['010']);
    expect(expandSpec('named', available)).toEqual(['named']);
    expect(expandSpec('999', available)).toEqual({ error: "no such test: '999'" });
  });
});

describe('selectTests', () => {
  it('runs everything but disabled by default', () => {
    expect(selectTests(available, req({}), groupsOf)).toEqual(['001', '002', '010', '011', '100', 'named']);
  });

  it('unites explicit tests with groups, sorted, then excludes', () => {
    expect(selectTests(available, req({ tests: ['100', '002'], groups: ['quick'] }), groupsOf)).toEqual([
      '002', '011', '100', 'named',
    ]);
    expect(selectTests(available, req({ groups: ['auto'], excludeGroups: ['slow'] }), groupsOf)).toEqual(['001', '100']);
    expect(selectTests(available, req({ tests: ['003'] }), groupsOf)).toEqual(['003']);
  });

  it('starts from a test', () => {
    expect(selectTests(available, req({ startFrom: '10' }), groupsOf)).toEqual(['010', '011', '100', 'named']);
    expect(selectTests(available, req({ startFrom: '7' }), groupsOf)).toEqual({ error: "no such test: '7'" });
  });

  it('passes errors through', () => {
    expect(selectTests(available, req({ tests: ['nope'] }), groupsOf)).toEqual({ error: "no such test: 'nope'" });
  });

  it('knows when groups are needed', () => {
    expect(needsGroups(req({ tests: ['001'] }))).toBe(false);
    expect(needsGroups(req({}))).toBe(true);
    expect(needsGroups(req({ tests: ['001'], excludeGroups: ['x'] }))).toBe(true);
  });
});
