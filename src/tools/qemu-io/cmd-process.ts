// Commands about the qemu-io process itself: help, quit, sleep, sigraise and abort.

import { strtolClamped } from './cvtnum.ts';
import { findCommand, usageLine, type Command } from './command.ts';
import { HELP_TEXTS } from './help-texts.ts';
import { pollAll, print, type Session } from './session.ts';
import { numArg } from './rwutil.ts';

/** glibc's NSIG: sigraise refuses numbers above it. */
const NSIG = 65;
/** SIGABRT, which `abort` raises. */
const SIGABRT = 6;

/** SIGSEGV, what a command that dereferences a missing argument dies of. */
export const SIGSEGV = 11;
/**
 * Signals qemu-io survives: blocked by QEMU's main loop (SIGBUS, SIGALRM, SIGIO, SIGUSR1),
 * ignored (SIGPIPE) or ignored by default (SIGCHLD, SIGCONT, SIGURG, SIGWINCH), glibc's
 * internal ones raise() refuses (32, 33), 0, and the stop signals (which would only suspend).
 */
const SURVIVED = new Set([0, 7, 10, 13, 14, 17, 18, 19, 20, 21, 22, 23, 28, 29, 32, 33, 65]);

/** `help` needs the whole table; the table builds this command with it. */
export function helpCommand(table: () => readonly Command[]): Command {
  return {
    name: 'help',
    altname: '?',
    argmin: 0,
    argmax: 1,
    args: '[command]',
    oneline: 'help for one or all commands',
    global: true,
    async run(s, argv) {
      if (argv.length === 1) {
        const all = [...table()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const c of all) print(s, usageLine(c));
        print(s, "\nUse 'help commandname' for extended help.\n");
        return 0;
      }
      const name = argv[1]!;
      const cmd = findCommand(table(), name);
      if (!cmd) {
        print(s, `command ${name} not found\n`);
        return -22;
      }
      print(s, usageLine(cmd, name) + (cmd.help ?? ''));
      return 0;
    },
  };
}

export const quitCommand: Command = {
  name: 'quit',
  altname: 'q',
  argmin: 0,
  argmax: -1,
  oneline: 'exit the program',
  global: true,
  async run(s) {
    s.quit = true;
    return 0;
  },
};

/**
 * How long `sleep ms` really waits (ms, capped for setTimeout): QEMU arms a host-clock timer at
 * now + ms * 10^6 ns in int64, so a deadline that wraps below now expires at once.
 */
export function sleepDelay(ms: bigint, nowNs: bigint): number {
  const deadline = BigInt.asIntN(64, nowNs + ms * 1_000_000n);
  if (deadline <= nowNs) return 0;
  const wait = (deadline - nowNs) / 1_000_000n;
  return Number(wait > 2147483647n ? 2147483647n : wait);
}

export const sleepCommand: Command = {
  name: 'sleep',
  argmin: 1,
  argmax: 1,
  oneline: 'waits for the given value in milliseconds',
  global: true,
  async run(s, argv) {
    const ms = strtolClamped(argv[1]!);
    if (ms === undefined || ms < 0n) {
      print(s, `${argv[1]} is not a valid number\n`);
      return -22;
    }
    // QEMU runs its main loop until the timer fires: requests in flight finish and report meanwhile.
    await pollAll(s);
    await new Promise((resolve) => setTimeout(resolve, sleepDelay(ms, BigInt(Date.now()) * 1_000_000n)));
    return 0;
  },
};

/** Deliver `signal` as raise() would: flushes nothing itself; sets the session's exit signal when it is fatal. */
function deliver(s: Session, signal: number): void {
  if (SURVIVED.has(signal)) return;
  s.io.raise?.(signal);
  s.signal = signal;
  s.quit = true;
}

/**
 * The process dies of `signal` the way a crash kills it: stdio is not flushed, so output still
 * buffered is lost, as with the real binary (abort(), or a NULL dereference).
 */
export function crash(s: Session, signal: number): void {
  s.stdout.discard();
  s.io.raise?.(signal);
  s.signal = signal;
  s.quit = true;
}

export const sigraiseCommand: Command = {
  name: 'sigraise',
  argmin: 1,
  argmax: 1,
  args: 'signal',
  oneline: 'raises a signal',
  help: HELP_TEXTS['sigraise'],
  global: true,
  async run(s, argv) {
    const sig = numArg(s, argv[1]!);
    if (sig === undefined) return -22;
    if (sig > NSIG) {
      print(s, `signal argument '${argv[1]}' is too large to be a valid signal\n`);
      return -22;
    }
    // qemu-io flushes stdout before raise() so the output so far survives the signal.
    s.stdout.flush();
    deliver(s, sig);
    return 0;
  },
};

export const abortCommand: Command = {
  name: 'abort',
  argmin: 0,
  argmax: 0,
  oneline: 'simulate a program crash using abort(3)',
  global: true,
  async run(s) {
    crash(s, SIGABRT);
    return 0;
  },
};
