// The read and readv commands: read a range, optionally verify a pattern and dump it, then report statistics.

import { commandUsage, type Command } from './command.ts';
import { parseCommandOpts } from './cmdopts.ts';
import { HELP_TEXTS } from './help-texts.ts';
import { print, type Session } from './session.ts';
import { readImage } from './cor.ts';
import {
  MAX_REQUEST_BYTES, checkSectorAligned, dumpBuffer, numArg, parseLengths, patternArg, printReport, request, verifyPattern,
} from './rwutil.ts';

interface ReadFlags {
  vmstate: boolean;
  machine: boolean;
  quiet: boolean;
  verbose: boolean;
  pattern?: number;
  patternOffset?: number;
  patternCount?: number;
}

/** The request itself: the virtual disk, or the VM state area with -b. */
function doRead(s: Session, flags: ReadFlags, offset: number, count: number): Promise<Uint8Array> {
  const blk = s.blk!;
  return flags.vmstate ? blk.loadVmState(offset, count) : readImage(blk, s.copyOnRead, offset, count);
}

/** One option of `read`; a status when its value is refused. */
function readOption(s: Session, f: ReadFlags, opt: string, arg: string): number | undefined {
  switch (opt) {
    case 'b': f.vmstate = true; break;
    case 'C': f.machine = true; break;
    case 'q': f.quiet = true; break;
    case 'v': f.verbose = true; break;
    case 'l': f.patternCount = numArg(s, arg); return f.patternCount === undefined ? -22 : undefined;
    case 's': f.patternOffset = numArg(s, arg); return f.patternOffset === undefined ? -22 : undefined;
    case 'P': f.pattern = patternArg(s, arg); return f.pattern === undefined ? -22 : undefined;
  }
  return undefined;
}

export const readCommand: Command = {
  name: 'read',
  altname: 'r',
  argmin: 2,
  argmax: -1,
  args: '[-abCqv] [-P pattern [-s off] [-l len]] off len',
  oneline: 'reads a number of bytes at a specified offset',
  help: HELP_TEXTS['read'],
  async run(s, argv) {
    const f: ReadFlags = { vmstate: false, machine: false, quiet: false, verbose: false };
    const opts = parseCommandOpts(s, this, argv, 'bCl:pP:qs:v', (opt, arg) => readOption(s, f, opt, arg!));
    if (!opts.ok) return opts.status;
    if (opts.operands.length !== 2) return commandUsage(s, this);
    const offset = numArg(s, opts.operands[0]!);
    if (offset === undefined) return -22;
    const count = numArg(s, opts.operands[1]!);
    if (count === undefined) return -22;
    if (count > MAX_REQUEST_BYTES) {
      print(s, `length cannot exceed ${MAX_REQUEST_BYTES}, given ${opts.operands[1]}\n`);
      return -22;
    }
    if (f.pattern === undefined && (f.patternCount !== undefined || f.patternOffset !== undefined)) {
      return commandUsage(s, this);
    }
    const pOff = f.patternOffset ?? 0;
    const pCount = f.patternCount ?? count - pOff;
    if (pCount < 0 || pOff + pCount > count) {
      print(s, 'pattern verification range exceeds end of read data\n');
      return -22;
    }
    if (f.vmstate && !checkSectorAligned(s, offset, count)) return -22;
    const start = process.hrtime.bigint();
    const r = await request(s, 'read', () => doRead(s, f, offset, count));
    if (!r.ok) return r.status;
    let status = 0;
    if (f.pattern !== undefined && !verifyPattern(s, r.value, pOff, pCount, f.pattern, offset + pOff)) status = -22;
    if (f.quiet) return status;
    if (f.verbose) dumpBuffer(s, r.value, offset);
    printReport(s, 'read', start, offset, count, f.machine);
    return status;
  },
};

export const readvCommand: Command = {
  name: 'readv',
  argmin: 2,
  argmax: -1,
  args: '[-Cqv] [-P pattern] off len [len..]',
  oneline: 'reads a number of bytes at a specified offset',
  help: HELP_TEXTS['readv'],
  async run(s, argv) {
    let machine = false;
    let quiet = false;
    let verbose = false;
    let pattern: number | undefined;
    let bad = false;
    const opts = parseCommandOpts(s, this, argv, 'CP:qv', (opt, arg) => {
      if (opt === 'C') machine = true;
      else if (opt === 'q') quiet = true;
      else if (opt === 'v') verbose = true;
      else if (opt === 'P') bad = (pattern = patternArg(s, arg!)) === undefined;
      return bad ? -22 : undefined;
    });
    if (!opts.ok) return opts.status;
    if (opts.operands.length < 2) return commandUsage(s, this);
    const offset = numArg(s, opts.operands[0]!);
    if (offset === undefined) return -22;
    const lens = parseLengths(s, opts.operands.slice(1));
    if (!lens) return -22;
    const count = lens.reduce((a, b) => a + b, 0);
    const start = process.hrtime.bigint();
    const r = await request(s, 'readv', () => readImage(s.blk!, s.copyOnRead, offset, count));
    if (!r.ok) return r.status;
    let status = 0;
    if (pattern !== undefined && !verifyPattern(s, r.value, 0, count, pattern, offset)) status = -22;
    if (quiet) return status;
    if (verbose) dumpBuffer(s, r.value, offset);
    printReport(s, 'read', start, offset, count, machine);
    return status;
  },
};
