// What every qemu-img subcommand gets: the tool IO, QEMU's error/warning printers and the exits they imply.

import type { ToolIO } from '../io.ts';
import { LockTable } from '../../block/locks.ts';
import { BufferedOut } from '../buffered-out.ts';

/** A command-line mistake: main prints "qemu-img: <msg>" plus the --help hint and exits 1 (QEMU's error_exit). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Ends the command with `status` after the command printed what it had to (QEMU's `exit(n)` / `return n`). */
export class ExitStatus extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
    this.name = 'ExitStatus';
  }
}

/** The per-invocation context handed to each subcommand. */
export interface ImgContext {
  readonly io: ToolIO;
  /** Write to stdout (held back in 4 KiB blocks, or line by line on a terminal, as C stdio does). */
  out(text: string): void;
  /** fflush(stdout): send what out() holds back (progress meters do after every print; main at exit). */
  flushOut(): void;
  /** error_report(): "qemu-img: <msg>\n" on stderr. */
  error(msg: string): void;
  /** warn_report(): "qemu-img: warning: <msg>\n" on stderr. */
  warn(msg: string): void;
  /** Raw stderr text (the block layer's multi-line probing warning, check's per-cluster lines). */
  errRaw(text: string): void;
  /** Format names the registry knows, for --help's "Supported formats:" line. */
  readonly formatNames: () => string[];
  /** Ids of the --object instances created so far in this invocation. */
  readonly objects: Set<string>;
  /** The invocation's image locks: every open and create of this run takes them (QEMU's file locking, in-process). */
  readonly locks: LockTable;
}

export function makeContext(io: ToolIO, formatNames: () => string[]): ImgContext {
  const stdout = new BufferedOut(io.stdout, io.stdoutIsTTY);
  return {
    io,
    out: (text) => stdout.write(text),
    flushOut: () => stdout.flush(),
    error: (msg) => io.stderr.write(`qemu-img: ${msg}\n`),
    warn: (msg) => io.stderr.write(`qemu-img: warning: ${msg}\n`),
    errRaw: (text) => io.stderr.write(text),
    formatNames,
    objects: new Set(),
    locks: new LockTable(),
  };
}

/** Print a multi-line message the way error_report() does: every line gets the "qemu-img: " prefix. */
export function errorLines(ctx: ImgContext, text: string): void {
  for (const line of text.split('\n')) ctx.error(line);
}
