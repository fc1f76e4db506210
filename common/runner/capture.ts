// A ToolIO whose stdout/stderr are memory buffers, for calling a tool main in-process like a spawned binary.

import type { ToolIO } from '../../src/tools/io.ts';
import type { ToolResult } from '../test-api.ts';

export interface Capture {
  io: ToolIO;
  /** The result a shell would see, given the status main returned (128 + signal after io.raise). */
  finish(returned: number): ToolResult;
  /** Record a crash of the main as a spawned node process would report it: the stack on stderr, status 1. */
  crash(error: unknown): ToolResult;
}

export interface CaptureOptions {
  stdin?: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

/** Build a fresh capture; after io.raise() the "process" is dead and later output is dropped. */
export function captureIO(opts: CaptureOptions): Capture {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let signal: number | undefined;
  const sink = (into: Buffer[]) => ({
    write(chunk: string | Uint8Array): void {
      if (signal === undefined) into.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    },
  });
  const io: ToolIO = {
    stdout: sink(out),
    stderr: sink(err),
    stdin: opts.stdin === undefined ? null : once(opts.stdin),
    stdinIsTTY: false,
    env: opts.env,
    cwd: opts.cwd,
    raise(sig: number): void {
      if (signal === undefined) signal = sig;
    },
  };
  const result = (status: number): ToolResult => ({
    status: signal === undefined ? status : 128 + signal,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  });
  return {
    io,
    finish: result,
    crash(error: unknown): ToolResult {
      if (signal !== undefined) return result(0);
      const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
      err.push(Buffer.from(`${text}\n`, 'utf8'));
      return result(1);
    },
  };
}
