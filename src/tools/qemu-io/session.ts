// The state one qemu-io run carries between commands: the open image, pending aio requests and the output streams.

import type { BlockBackend } from '../../block/api.ts';
import type { ToolIO } from '../io.ts';
import type { LockTable } from '../../block/locks.ts';
import type { BufferedOut } from '../buffered-out.ts';
import { isBusy, type RequestContext } from '../../block/request-context.ts';

/**
 * An aio request in flight. `done` settles (never rejects) when its I/O has finished; `report`
 * then prints its result, as QEMU's completion callback does.
 */
export interface PendingAio {
  done: Promise<void>;
  /** Whether `done` has settled. */
  readonly settled: boolean;
  /** The request as drivers see it: whether it had to wait for another one. */
  readonly ctx: RequestContext;
  /** Reads finish in fewer rounds of I/O than writes (which also update metadata and flush). */
  readonly kind: 'read' | 'write';
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
  /**
   * Completions of aio requests that failed before doing anything (QEMU schedules their callback
   * as a bottom half): they run, newest first, at the next poll of the event loop (runBottomHalves).
   */
  bottomHalves: Array<() => void>;
  /** Parked aio requests, each waiting for a poll that lets it go on (see nextPoll). */
  parked: Array<{ ctx: RequestContext; kind: 'read' | 'write'; wake: () => void }>;
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

/**
 * Wait for every request in flight (letting parked ones go on), then report them in the order QEMU's drain usually
 * completes them: by rounds of I/O (a read takes one, a write two; a request that waited for a
 * lock another held at a breakpoint goes one round after it, one that waited for another's
 * allocation in flight starts after it completed), and within a round newest first.
 */
export async function drainAio(s: Session): Promise<void> {
  runBottomHalves(s);
  const pending = s.aio.splice(0);
  // A drain polls until every request is done: parked ones go on, again and again.
  let done = false;
  const all = Promise.all(pending.map((p) => p.done)).then(() => void (done = true));
  while (!done) {
    openPollGate(s);
    await Promise.race([all, new Promise((r) => setImmediate(r))]);
  }
  for (const p of reportOrder(pending)) p.report();
}

/**
 * Run the event loop for a while (qemu-io's sleep): every request that can finish does, and the
 * finished ones report as in a drain; one suspended at a breakpoint (or waiting for one) stays.
 */
export async function pollAll(s: Session): Promise<void> {
  runBottomHalves(s);
  await settleAio(s, true, true);
  const done = s.aio.filter((p) => p.settled);
  if (done.length === 0) return;
  s.aio = s.aio.filter((p) => !done.includes(p));
  for (const p of reportOrder(done)) p.report();
}

/** An event loop poll runs the bottom halves scheduled since the last one, newest first (QEMU's BH list is LIFO). */
export function runBottomHalves(s: Session): void {
  const due = s.bottomHalves.splice(0);
  for (const bh of due.reverse()) bh();
}

/** Report the aio reads that are done and waited for nobody (see REPORTS_READS_FIRST in command.ts). */
export function reportSettledReads(s: Session): void {
  const done = s.aio.filter((p) => p.settled && p.kind === 'read' && !p.ctx.blockedBy);
  if (done.length === 0) return;
  s.aio = s.aio.filter((p) => !done.includes(p));
  for (const p of reportOrder(done)) p.report();
}

/** The order drainAio reports `pending` (oldest first) in. */
export function reportOrder<T extends { ctx: RequestContext; kind: 'read' | 'write' }>(pending: readonly T[]): T[] {
  const byCtx = new Map(pending.map((p) => [p.ctx, p]));
  const rounds = (p: T, depth = 0): number => {
    const own = p.kind === 'read' ? 1 : 2;
    const blocker = p.ctx.blockedBy && byCtx.get(p.ctx.blockedBy);
    if (!blocker || depth > pending.length) return own;
    return rounds(blocker, depth + 1) + (p.ctx.strongBlock ? own : 1);
  };
  const key = new Map(pending.map((p) => [p, rounds(p)]));
  return [...pending].reverse().sort((a, b) => key.get(a)! - key.get(b)!);
}

/**
 * Before a command: let the aio requests in flight run as far as they can by themselves (QEMU's
 * coroutines run until they wait for I/O before the next command is read). A request parked
 * where QEMU's would wait for I/O stays there unless `poll` (the command polls QEMU's event
 * loop, as all but aio_read/aio_write/break/resume/remove_break do): then every parked request
 * goes on with `all` (a drain), else only what openPollGate lets go for a command's own poll.
 * One suspended at a breakpoint, or waiting for one that is, stays anyway. Gives up after a
 * while (a wait we cannot see).
 */
export async function settleAio(s: Session, poll: boolean, all = true): Promise<void> {
  const deadline = Date.now() + 2000;
  const inFlight = (): boolean => s.aio.some((p) => !p.settled);
  for (;;) {
    if (!inFlight()) return;
    // Requests let go by a poll are marked parked until they run: let them run first.
    if (poll && s.parked.some((p) => all || p.kind === 'read' || p.ctx.parkedHoldingLock)) {
      openPollGate(s, all);
      await new Promise((r) => setImmediate(r));
      continue;
    }
    if (!s.aio.some((p) => !p.settled && isBusy(p.ctx)) || Date.now() >= deadline) return;
    await new Promise((r) => setImmediate(r));
  }
}

/** What a parked request (its `ctx`, of `kind`) waits on: a poll that lets it go on (RequestContext.nextPoll). */
export function nextPoll(s: Session, ctx: RequestContext, kind: 'read' | 'write'): Promise<void> {
  return new Promise<void>((wake) => {
    const entry = { ctx, kind, wake };
    s.parked.push(entry);
    // Another request that must wait for this one lets it go on at once.
    ctx.unpark = () => {
      s.parked = s.parked.filter((p) => p !== entry);
      wake();
    };
  });
}

/**
 * Poll: let parked requests go on. A drain lets all of them go; a command polling only for its
 * own request lets the reads go (one round of I/O: they finish meanwhile in QEMU) and any that
 * holds a lock, but leaves writes (several rounds) waiting, as QEMU's are when it returns.
 */
export function openPollGate(s: Session, all = true): void {
  const go = all ? s.parked : s.parked.filter((p) => p.kind === 'read' || p.ctx.parkedHoldingLock);
  if (go.length === 0) return;
  s.parked = s.parked.filter((p) => !go.includes(p));
  for (const p of go) p.wake();
}
