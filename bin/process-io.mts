// Maps the real process onto a ToolIO for the bundled tools: stdio, env, cwd, signals, exit status.

import { fstatSync, writeSync } from 'node:fs';
import { tty } from '../src/util/builtins.ts';
import type { ToolIO, ToolMain } from '../src/tools/io.ts';

/** Signals Node.js keeps for itself (SIGUSR1 starts the inspector, SIGPIPE is ignored): exit 128+N instead. */
const NODE_OWNED_SIGNALS = new Set([10, 13]);

/** st_rdev of /dev/null (character device 1:3). */
const DEV_NULL = (1 << 8) | 3;

/** Whether `fd` is a terminal: a character device other than /dev/null (node:tty would cost a module load). */
function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && st.rdev !== DEV_NULL;
  } catch {
    return false;
  }
}

/** Block the thread for `ms` milliseconds (Atomics.wait on a private cell: nothing ever wakes it early). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Write all of `data` to `fd`, waiting while a non-blocking pipe or terminal is full (EAGAIN). */
function writeAll(fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    try {
      done += writeSync(fd, data, done, data.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      pause(1);
    }
  }
}

/**
 * A sink on a process stream (fd 1 or 2): plain blocking writes, as QEMU's stdio makes them,
 * whatever the fd is (file, pipe, terminal), so output to either stream keeps its order.
 * Decision: not process.stdout/process.stderr. For a pipe or a terminal Node builds them on the
 * net and stream modules, which cost ~20 ms of every run whose output is piped (all of ./check's,
 * most scripts'), and it makes the fd non-blocking. Write errors (EPIPE when the reader went
 * away) are swallowed and later output dropped, as QEMU's tools do: they ignore SIGPIPE and exit
 * with their own status.
 */
function processSink(fd: 1 | 2, dead: () => boolean): ToolIO['stdout'] {
  let broken = false;
  return {
    write(chunk) {
      if (broken || dead()) return;
      try {
        writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch {
        broken = true;
      }
    },
  };
}

/** Standard input, opened only if the tool iterates it (an unread stdin must not keep the process alive). */
function lazyStdin(touched: { value: boolean }): AsyncIterable<string | Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      touched.value = true;
      return process.stdin[Symbol.asyncIterator]();
    },
  };
}

/** Run a tool main as this process: its status becomes process.exitCode (never process.exit). */
export async function runAsProcess(main: ToolMain): Promise<void> {
  const touched = { value: false };
  let raised: number | undefined;
  // after a raise that did not end the process (a signal Node.js owns), nothing more is printed
  const dead = () => raised !== undefined;
  // The path the tool was started by, as the shim got it (Node's argv[1] is always absolute).
  const argv0 = process.env['QEMU_TOOL_ARGV0'] ?? process.argv[1];
  delete process.env['QEMU_TOOL_ARGV0'];
  const io: ToolIO = {
    stdout: processSink(1, dead),
    stderr: processSink(2, dead),
    stdin: lazyStdin(touched),
    // a getter: node:tty (and the net module under it) is loaded only if a tool asks
    get stdinIsTTY() {
      return tty().isatty(0);
    },
    stdoutIsTTY: isTerminal(1),
    env: process.env,
    argv0,
    cwd: process.cwd(),
    raise(signal: number) {
      raised = signal;
      if (!NODE_OWNED_SIGNALS.has(signal)) process.kill(process.pid, signal);
    },
  };
  let status: number;
  try {
    status = await main(process.argv.slice(2), io);
  } catch (e) {
    // a bug in the tool: say so like an uncaught exception would, exit 1
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    status = 1;
  }
  if (touched.value) process.stdin.destroy();
  process.exitCode = raised !== undefined ? 128 + raised : status;
}
