// The state one qemu-io run carries between commands: the open image, pending aio requests and the output streams.

import type { BlockBackend } from '../../block/api.ts';
import type { ToolIO } from '../io.ts';
import type { LockTable } from '../../block/locks.ts';
import type { BufferedOut } from './output.ts';

/**
 * An aio request in flight. `done` settles (never rejects) when its I/O has finished; `report`
 * then prints its result, as QEMU's completion callback does.
 */
export interface PendingAio {
  done: Promise<void>;
  /** Whether `done` has settled. */
  readonly settled: boolean;
  report(): void;
}

/** What the first open and the `open` command share (the main's -T/--object settings are global, not per image). */
export interface Session {
  readonly io: ToolIO;
  readonly stdout: BufferedOut;
  /** The open image, or null ("no file open"). */
  blk: BlockBackend | null;
  /** aio requests not reported yet, oldest first. */
  aio: PendingAio[];
  /** -C: reads copy from the backing chain into the image (BDRV_O_COPY_ON_READ). */
  copyOnRead: boolean;
  /**
   * qemu-io's BlockBackend holds write permission: from a read-write open, or added by the
   * first writing command. While held, `reopen -o read-only=on` is refused; `reopen -r/-w` drops it.
   */
  writePerm: boolean;
  /** The invocation's image locks (QEMU's file locking, within this process). */
  readonly locks: LockTable;
  /** Set by `quit`: no further commands run. */
  quit: boolean;
  /** Set by sigraise for a signal that ends the process: the main returns 128 + signal. */
  signal?: number;
}

/** printf() to stdout. */
export function print(s: Session, text: string): void {
  s.stdout.write(text);
}

/** fprintf(stderr): unbuffered. */
export function eprint(s: Session, text: string): void {
  s.io.stderr.write(text);
}

/** error_report(): "qemu-io: <message>" on stderr. */
export function errorReport(s: Session, message: string): void {
  s.io.stderr.write(`qemu-io: ${message}\n`);
}

/** warn_report(): "qemu-io: warning: <message>" on stderr. */
export function warnReport(s: Session, message: string): void {
  s.io.stderr.write(`qemu-io: warning: ${message}\n`);
}

/** Wait for every request in flight, then report them newest first, as QEMU's drain happens to complete them. */
export async function drainAio(s: Session): Promise<void> {
  const pending = s.aio.splice(0);
  await Promise.all(pending.map((p) => p.done));
  for (const p of pending.reverse()) p.report();
}
