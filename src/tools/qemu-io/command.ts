// qemu-io's command records and the one dispatcher that checks names, "no file open", argument counts and write permission.

import { isBlockError } from '../../block/errors.ts';
import { errorReport, eprint, print, reportSettledReads, runBottomHalves, settleAio, type Session } from './session.ts';

/** What a command returns: 0 on success, a negative errno (or -1) when it failed; any failure makes qemu-io exit 1. */
export type CommandStatus = number;

/** One command (cmdinfo_t). */
export interface Command {
  name: string;
  /** Short alias ("r" for read). */
  altname?: string;
  /** Argument count limits (after the name); argmax -1 means unlimited. */
  argmin: number;
  argmax: number;
  /** Usage of the arguments, as help prints it; undefined prints none. */
  args?: string;
  oneline: string;
  /** Extended help printed by `help NAME` after the usage line. */
  help?: string;
  /** Runs without an open image (CMD_FLAG_GLOBAL). */
  global?: boolean;
  /** Needs write permission on the image before running. */
  write?: boolean;
  /** `argv[0]` is the name as typed. */
  run(s: Session, argv: string[]): Promise<CommandStatus>;
}

/** "name args -- oneline": the usage line of help and of argument errors. */
export function usageLine(cmd: Command, typed: string = cmd.name): string {
  return `${typed} ${cmd.args !== undefined ? `${cmd.args} ` : ''}-- ${cmd.oneline}\n`;
}

/** qemuio_command_usage(): print the usage line (under the command's own name) on stdout and fail with EINVAL. */
export function commandUsage(s: Session, cmd: Command): CommandStatus {
  print(s, usageLine(cmd));
  return -22;
}

/** Split a command line as qemu-io does: on spaces only, no quoting, empty words dropped. */
export function splitLine(line: string): string[] {
  return line.split(' ').filter((w) => w !== '');
}

export function findCommand(table: readonly Command[], name: string): Command | undefined {
  return table.find((c) => c.name === name || c.altname === name);
}

function argCountError(cmd: Command, typed: string, argc: number): string {
  let expected: string;
  if (cmd.argmax === -1) expected = `at least ${cmd.argmin}`;
  else if (cmd.argmin === cmd.argmax) expected = `${cmd.argmin}`;
  else expected = `between ${cmd.argmin} and ${cmd.argmax}`;
  return `bad argument count ${argc} to ${typed}, expected ${expected} arguments\n`;
}

/** Commands that return without running QEMU's event loop (the rest poll it, letting parked aio requests go on). */
const NO_POLL = new Set(['aio_read', 'aio_write', 'break', 'remove_break', 'resume']);
/** Commands that wait for every request in flight before they run. */
const DRAINS = new Set(['aio_flush', 'close', 'open', 'quit', 'wait_break', 'flush', 'reopen', 'truncate']);
/**
 * Commands whose own request takes longer than an aio read's one round of I/O: pending aio reads
 * complete (and report) while QEMU polls for them, before their output. A synchronous read is
 * as quick and finishes first; aio writes take more rounds and report at the next drain.
 */
const REPORTS_READS_FIRST = new Set(['write', 'writev']);
/** The same for block status queries, on formats whose block status waits for its lock (qcow2; raw asks lseek at once). */
const STATUS_COMMANDS = new Set(['map', 'alloc']);

/**
 * Run one command line (qemuio_command). An empty line does nothing. Errors the block layer
 * throws as BlockError that a command did not handle itself are reported as error_report().
 */
export async function runCommandLine(s: Session, table: readonly Command[], line: string): Promise<CommandStatus> {
  const argv = splitLine(line);
  if (argv.length === 0) return 0;
  const typed = argv[0]!;
  const cmd = findCommand(table, typed);
  // aio_flush, close, open, flush, reopen and truncate wait for the requests in flight; other
  // commands poll only for their own request.
  await settleAio(s, !cmd || !NO_POLL.has(cmd.name), !cmd || DRAINS.has(cmd.name));
  if (!cmd) {
    eprint(s, `command "${typed}" not found\n`);
    return -22;
  }
  if (!cmd.global && !s.blk) {
    eprint(s, "no file open, try 'help open'\n");
    return -22;
  }
  const argc = argv.length - 1;
  if (argc < cmd.argmin || (cmd.argmax !== -1 && argc > cmd.argmax)) {
    eprint(s, argCountError(cmd, typed, argc));
    return -22;
  }
  const blk = s.blk;
  if (blk && !NO_POLL.has(cmd.name)) blk.onRequest = pollOnFirstRequest(s, cmd.name);
  try {
    if (cmd.write && !s.writePerm) {
      s.blk!.ensureWritable();
      s.writePerm = true;
    }
    return await cmd.run(s, argv);
  } catch (e) {
    if (!isBlockError(e)) throw e;
    errorReport(s, e.message);
    return -1;
  } finally {
    if (blk) blk.onRequest = undefined;
  }
}

/**
 * What happens when the command's first request starts: QEMU's synchronous request yields for
 * its I/O and the tool polls its event loop, which runs pending bottom halves (aio requests
 * that failed at once) and completes aio reads a write outlasts. A command that fails before
 * making a request (bad options, out-of-range values) polls nothing.
 */
function pollOnFirstRequest(s: Session, name: string): () => void {
  let polled = false;
  return () => {
    if (polled) return;
    polled = true;
    // raw answers block status from lseek at once, without yielding.
    const status = STATUS_COMMANDS.has(name);
    if (status && s.blk?.root.driver.formatName === 'raw') return;
    runBottomHalves(s);
    if (REPORTS_READS_FIRST.has(name) || status) reportSettledReads(s);
  };
}
