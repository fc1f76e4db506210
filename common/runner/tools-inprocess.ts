// The fast ToolRunner: our tools' mains called in this process with captured stdio.

import type { ToolMain } from '../../src/tools/io.ts';
import type { ToolName, ToolResult, ToolRunner, ToolRunOptions } from '../test-api.ts';
import { captureIO } from './capture.ts';

/** Where each tool's main lives, relative to this file. */
const MAIN_MODULES: Record<ToolName, string> = {
  'qemu-img': '../../src/tools/qemu-img/main.ts',
  'qemu-io': '../../src/tools/qemu-io/main.ts',
};

/** Import a tool's main; a missing or broken module is reported, not thrown. */
export async function loadMain(tool: ToolName): Promise<ToolMain | Error> {
  try {
    const mod = (await import(new URL(MAIN_MODULES[tool], import.meta.url).href)) as { main?: unknown };
    if (typeof mod.main !== 'function') return new Error(`${MAIN_MODULES[tool]} does not export main()`);
    return mod.main as ToolMain;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

export interface InProcessBase {
  /** The environment every invocation sees (the runner's plus the test's variables). */
  env: Readonly<Record<string, string | undefined>>;
  /** Default working directory (TEST_DIR). */
  cwd: string;
}

/** A ToolRunner that calls the mains directly; the result is what the spawned binary would give. */
export function inProcessRunner(base: InProcessBase): ToolRunner {
  return {
    async run(tool: ToolName, args: string[], opts: ToolRunOptions = {}): Promise<ToolResult> {
      const cap = captureIO({ stdin: opts.stdin, env: { ...base.env, ...opts.env }, cwd: opts.cwd ?? base.cwd });
      const main = await loadMain(tool);
      if (main instanceof Error) {
        return { status: 127, stdout: '', stderr: `check: cannot load ${tool}: ${main.message}\n` };
      }
      try {
        return cap.finish(await main([...args], cap.io));
      } catch (e) {
        return cap.crash(e);
      }
    },
  };
}
