// Finding tests: names from tests/*.ts, test lists and ranges, -g/-x groups and --start-from (pure).

/** A test's name from its file name (`042.ts` → `042`); undefined for files that are not tests. */
export function testNameOf(fileName: string): string | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9_-]*)\.ts$/.exec(fileName);
  if (!m || fileName.endsWith('.test.ts') || fileName.endsWith('.d.ts')) return undefined;
  return m[1];
}

/** QEMU's order: numbered tests by number, then named tests alphabetically. */
export function compareTestNames(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b) || a.localeCompare(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Normalize how a user names one test: `42`, `042`, `tests/042.ts`, `042.ts`. */
function normalizeName(spec: string, available: readonly string[]): string | undefined {
  const base = spec.replace(/^.*\//, '').replace(/\.ts$/, '');
  if (available.includes(base)) return base;
  if (/^\d+$/.test(base)) return available.find((n) => /^\d+$/.test(n) && Number(n) === Number(base));
  return undefined;
}

/** Expand one test-list item (a name or an `A-B` range of numbers) against the available tests. */
export function expandSpec(spec: string, available: readonly string[]): string[] | { error: string } {
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (lo > hi) return { error: `invalid test range '${spec}'` };
    return available.filter((n) => /^\d+$/.test(n) && Number(n) >= lo && Number(n) <= hi);
  }
  const name = normalizeName(spec, available);
  return name === undefined ? { error: `no such test: '${spec}'` } : [name];
}

export interface SelectRequest {
  tests: readonly string[];
  groups: readonly string[];
  excludeGroups: readonly string[];
  startFrom?: string;
}

/**
 * The tests to run, in order. Explicit tests and -g groups are united; with neither, every test
 * except group 'disabled' (unless -g names it). -x removes tests from the result; --start-from
 * drops everything before the named test.
 */
export function selectTests(
  available: readonly string[],
  req: SelectRequest,
  groupsOf: (name: string) => readonly string[],
): string[] | { error: string } {
  const chosen = new Set<string>();
  for (const spec of req.tests) {
    const names = expandSpec(spec, available);
    if (!Array.isArray(names)) return names;
    names.forEach((n) => chosen.add(n));
  }
  if (req.groups.length > 0) {
    for (const n of available) if (groupsOf(n).some((g) => req.groups.includes(g))) chosen.add(n);
  } else if (req.tests.length === 0) {
    for (const n of available) if (!groupsOf(n).includes('disabled')) chosen.add(n);
  }
  let result = [...chosen].sort(compareTestNames);
  if (req.excludeGroups.length > 0) {
    result = result.filter((n) => !groupsOf(n).some((g) => req.excludeGroups.includes(g)));
  }
  if (req.startFrom !== undefined) {
    const start = normalizeName(req.startFrom, available);
    if (start === undefined) return { error: `no such test: '${req.startFrom}'` };
    result = result.filter((n) => compareTestNames(n, start) >= 0);
  }
  return result;
}

/** Whether selection needs each test's groups (so the runner must load every definition). */
export function needsGroups(req: SelectRequest): boolean {
  return req.groups.length > 0 || req.excludeGroups.length > 0 || req.tests.length === 0;
}
