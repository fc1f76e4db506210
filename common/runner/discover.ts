// Finding and loading test modules: tests/NNN.ts files, each default-exporting a TestDefinition.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CreateTestContext, TestDefinition } from '../test-api.ts';
import { compareTestNames, testNameOf } from './select.ts';

/** Test names found in `testsDir`, in QEMU's order. */
export function listTests(testsDir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(testsDir);
  } catch {
    return [];
  }
  return files.flatMap((f) => testNameOf(f) ?? []).sort(compareTestNames);
}

/** A loaded definition, or why it could not be loaded (reported as the test's failure). */
export type Loaded = { def: TestDefinition } | { error: string };

function shapeError(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return 'has no default-exported TestDefinition';
  const d = v as Partial<TestDefinition>;
  if (typeof d.run !== 'function') return 'default export has no run() function';
  if (!Array.isArray(d.formats)) return 'default export has no formats list';
  if (!Array.isArray(d.groups)) return 'default export has no groups list';
  if (d.protocols !== undefined && !Array.isArray(d.protocols)) return 'protocols must be a list';
  return undefined;
}

export async function loadTest(testsDir: string, name: string): Promise<Loaded> {
  try {
    const mod = (await import(pathToFileURL(join(testsDir, `${name}.ts`)).href)) as { default?: unknown };
    const err = shapeError(mod.default);
    return err ? { error: `tests/${name}.ts ${err}` } : { def: mod.default as TestDefinition };
  } catch (e) {
    return { error: `cannot load tests/${name}.ts: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
}

/** Load each test once, on first use. */
export function testLoader(testsDir: string): (name: string) => Promise<Loaded> {
  const cache = new Map<string, Promise<Loaded>>();
  return (name) => {
    let p = cache.get(name);
    if (!p) cache.set(name, (p = loadTest(testsDir, name)));
    return p;
  };
}

/** The test library's createTestContext (common/context.ts); an Error when it cannot be loaded. */
export async function loadContextFactory(commonDir: string): Promise<CreateTestContext<unknown> | Error> {
  try {
    const mod = (await import(pathToFileURL(join(commonDir, 'context.ts')).href)) as { createTestContext?: unknown };
    if (typeof mod.createTestContext !== 'function') return new Error('common/context.ts does not export createTestContext');
    return mod.createTestContext as CreateTestContext<unknown>;
  } catch (e) {
    return new Error(`cannot load common/context.ts: ${e instanceof Error ? e.message : String(e)}`);
  }
}
