// The differential ToolRunner: spawn the programs (real QEMU or our bin/ shims) and capture as a shell would.

import { constants } from 'node:os';
import { execa } from 'execa';
import type { ToolName, ToolResult, ToolRunner, ToolRunOptions } from '../test-api.ts';

export interface SpawnBase {
  programs: Record<ToolName, string>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Exit status as a shell reports it: the exit code, or 128 + N when killed by signal N. */
export function shellStatus(exitCode: number | undefined, signal: string | undefined): number {
  if (exitCode !== undefined) return exitCode;
  const n = signal ? (constants.signals as Record<string, number>)[signal] : undefined;
  return n === undefined ? 1 : 128 + n;
}

export function spawnRunner(base: SpawnBase): ToolRunner {
  return {
    async run(tool: ToolName, args: string[], opts: ToolRunOptions = {}): Promise<ToolResult> {
      const file = base.programs[tool];
      const r = await execa(file, args, {
        cwd: opts.cwd ?? base.cwd,
        env: { ...base.env, ...opts.env },
        extendEnv: false,
        reject: false,
        stripFinalNewline: false,
        ...(opts.stdin === undefined ? { stdin: 'ignore' as const } : { input: opts.stdin }),
      });
      if (r.exitCode === undefined && r.signal === undefined) {
        // could not start it at all: what a shell says, with its status 127
        return { status: 127, stdout: '', stderr: `check: cannot run ${file}: ${r.originalMessage ?? r.shortMessage}\n` };
      }
      return { status: shellStatus(r.exitCode, r.signal), stdout: String(r.stdout), stderr: String(r.stderr) };
    },
  };
}
