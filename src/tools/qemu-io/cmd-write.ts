// The write and writev commands: pattern, file-sourced, zero, compressed and vmstate writes with their flag rules.

import { BlockError } from '../../block/errors.ts';
import type { Command } from './command.ts';
import { commandUsage } from './command.ts';
import { parseCommandOpts } from './cmdopts.ts';
import { HELP_TEXTS } from './help-texts.ts';
import { print, type Session } from './session.ts';
import { bufferFromFile } from './source-file.ts';
import {
  DEFAULT_PATTERN, MAX_REQUEST_BYTES, checkSectorAligned, numArg, parseLengths, patternArg, printReport, request,
} from './rwutil.ts';

interface WriteFlags {
  vmstate: boolean;
  compressed: boolean;
  machine: boolean;
  fua: boolean;
  noFallback: boolean;
  quiet: boolean;
  unmap: boolean;
  zero: boolean;
  pattern?: number;
  source?: string;
}

/** The flag rules write checks, in QEMU's order; false after printing the first one broken. */
function checkFlags(s: Session, f: WriteFlags): boolean {
  let msg: string | undefined;
  if (f.vmstate && f.zero) msg = '-b and -z cannot be specified at the same time';
  else if ((f.vmstate || f.compressed) && f.fua) msg = '-f and -b or -c cannot be specified at the same time';
  else if ([f.zero, f.pattern !== undefined, f.source !== undefined].filter(Boolean).length > 1) {
    msg = 'Only one of -z, -P, and -s can be specified at the same time';
  } else if (f.noFallback && !f.zero) msg = '-n requires -z to be specified';
  else if (f.unmap && !f.zero) msg = '-u requires -z to be specified';
  if (msg === undefined) return true;
  print(s, msg + '\n');
  return false;
}

/** Issue the request the flags select. */
function doWrite(s: Session, f: WriteFlags, offset: number, count: number, data: Uint8Array | undefined): Promise<void> {
  const blk = s.blk!;
  if (f.zero) return blk.writeZeroes(offset, count, { fua: f.fua, mayUnmap: f.unmap, noFallback: f.noFallback });
  if (f.vmstate) return blk.saveVmState(offset, data!);
  // blk_pwrite_compressed(): formats without compressed writes refuse with ENOTSUP.
  if (f.compressed && !blk.root.driver.supportsCompressedWrites) return refuseCompressed(s, offset, count);
  return blk.write(offset, data!, { fua: f.fua, compressed: f.compressed });
}

/** The request's bounds are checked before the format's support, as blk_pwrite_compressed() does. */
async function refuseCompressed(s: Session, offset: number, count: number): Promise<void> {
  const len = await s.blk!.getLength();
  if (offset > len || len - offset < count) throw BlockError.io('EIO');
  throw BlockError.io('ENOTSUP');
}

/** One option of `write`; a status when its value is refused. */
function writeOption(s: Session, f: WriteFlags, opt: string, arg: string): number | undefined {
  switch (opt) {
    case 'b': f.vmstate = true; break;
    case 'c': f.compressed = true; break;
    case 'C': f.machine = true; break;
    case 'f': f.fua = true; break;
    case 'n': f.noFallback = true; break;
    case 'q': f.quiet = true; break;
    case 'u': f.unmap = true; break;
    case 'z': f.zero = true; break;
    case 's': f.source = arg; break;
    case 'P': f.pattern = patternArg(s, arg); return f.pattern === undefined ? -22 : undefined;
  }
  return undefined;
}

export const writeCommand: Command = {
  name: 'write',
  altname: 'w',
  argmin: 2,
  argmax: -1,
  args: '[-bcCfnquz] [-P pattern | -s source_file] off len',
  oneline: 'writes a number of bytes at a specified offset',
  help: HELP_TEXTS['write'],
  write: true,
  async run(s, argv) {
    const f: WriteFlags = {
      vmstate: false, compressed: false, machine: false, fua: false, noFallback: false, quiet: false, unmap: false, zero: false,
    };
    const opts = parseCommandOpts(s, this, argv, 'bcCfnpP:qs:uz', (opt, arg) => writeOption(s, f, opt, arg!));
    if (!opts.ok) return opts.status;
    if (opts.operands.length !== 2) return commandUsage(s, this);
    if (!checkFlags(s, f)) return -22;
    const offset = numArg(s, opts.operands[0]!);
    if (offset === undefined) return -22;
    const count = numArg(s, opts.operands[1]!);
    if (count === undefined) return -22;
    if (count > MAX_REQUEST_BYTES && !f.noFallback) {
      print(s, `length cannot exceed ${MAX_REQUEST_BYTES} without -n, given ${opts.operands[1]}\n`);
      return -22;
    }
    if ((f.vmstate || f.compressed) && !checkSectorAligned(s, offset, count)) return -22;
    let data: Uint8Array | undefined;
    if (!f.zero) {
      data = f.source !== undefined ? bufferFromFile(s, f.source, count) : new Uint8Array(count).fill(f.pattern ?? DEFAULT_PATTERN);
      if (!data) return -22;
    }
    const start = process.hrtime.bigint();
    const r = await request(s, 'write', () => doWrite(s, f, offset, count, data));
    if (!r.ok) return r.status;
    if (!f.quiet) printReport(s, 'wrote', start, offset, count, f.machine);
    return 0;
  },
};

export const writevCommand: Command = {
  name: 'writev',
  argmin: 2,
  argmax: -1,
  args: '[-Cfq] [-P pattern] off len [len..]',
  oneline: 'writes a number of bytes at a specified offset',
  help: HELP_TEXTS['writev'],
  write: true,
  async run(s, argv) {
    let machine = false;
    let quiet = false;
    let fua = false;
    let pattern = DEFAULT_PATTERN;
    let bad = false;
    const opts = parseCommandOpts(s, this, argv, 'CfqP:', (opt, arg) => {
      if (opt === 'C') machine = true;
      else if (opt === 'f') fua = true;
      else if (opt === 'q') quiet = true;
      else if (opt === 'P') {
        const p = patternArg(s, arg!);
        bad = p === undefined;
        pattern = p ?? pattern;
      }
      return bad ? -22 : undefined;
    });
    if (!opts.ok) return opts.status;
    if (opts.operands.length < 2) return commandUsage(s, this);
    const offset = numArg(s, opts.operands[0]!);
    if (offset === undefined) return -22;
    const lens = parseLengths(s, opts.operands.slice(1));
    if (!lens) return -22;
    const count = lens.reduce((a, b) => a + b, 0);
    const data = new Uint8Array(count).fill(pattern);
    const start = process.hrtime.bigint();
    const r = await request(s, 'writev', () => s.blk!.write(offset, data, { fua }));
    if (!r.ok) return r.status;
    if (!quiet) printReport(s, 'wrote', start, offset, count, machine);
    return 0;
  },
};
