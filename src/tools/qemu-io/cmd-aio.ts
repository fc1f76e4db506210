// aio_read, aio_write and aio_flush: requests whose results are reported when they complete (at aio_flush, close or exit).

import { isBlockError } from '../../block/errors.ts';
import { runAsRequest, type RequestContext } from '../../block/request-context.ts';
import { strerror } from '../../util/errno.ts';
import type { Command } from './command.ts';
import { commandUsage } from './command.ts';
import { parseCommandOpts } from './cmdopts.ts';
import { HELP_TEXTS } from './help-texts.ts';
import { readImage } from './cor.ts';
import { drainAio, nextPoll, print, type Session } from './session.ts';
import { DEFAULT_PATTERN, dumpBuffer, numArg, parseLengths, patternArg, printReport, verifyPattern } from './rwutil.ts';

interface AioFlags {
  machine: boolean;
  quiet: boolean;
  verbose: boolean;
  invalid: boolean;
  fua: boolean;
  unmap: boolean;
  zero: boolean;
  pattern?: number;
}

/** Parse an aio command's options; a status when it must stop there. */
function parseAio(s: Session, cmd: Command, argv: string[], optstring: string, f: AioFlags) {
  return parseCommandOpts(s, cmd, argv, optstring, (opt, arg) => {
    switch (opt) {
      case 'C': f.machine = true; break;
      case 'q': f.quiet = true; break;
      case 'v': f.verbose = true; break;
      case 'i': f.invalid = true; break;
      case 'f': f.fua = true; break;
      case 'u': f.unmap = true; break;
      case 'z': f.zero = true; break;
      case 'P':
        f.pattern = patternArg(s, arg!);
        if (f.pattern === undefined) return -22;
        break;
    }
    return undefined;
  });
}

/**
 * Start the request and return at once; its result is reported at the next drain. A request
 * outside the image fails before it is issued and reports at once, as QEMU completes those
 * immediately; other failures report "<failText> failed: <strerror>" at completion.
 */
async function submit(
  s: Session,
  kind: 'read' | 'write',
  failText: string,
  range: { offset: number; bytes: number },
  io: () => Promise<Uint8Array | undefined>,
  done: (data: Uint8Array | undefined) => void,
): Promise<void> {
  const length = await s.blk!.getLength();
  if (range.offset > length || length - range.offset < range.bytes) {
    // QEMU's request fails its range check at once, and the completion runs from a bottom half.
    s.bottomHalves.push(() => print(s, `${failText} failed: ${strerror('EIO')}\n`));
    return;
  }
  let outcome: { data: Uint8Array | undefined } | { errno: string } | undefined;
  const ctx: RequestContext = {};
  ctx.nextPoll = () => nextPoll(s, ctx, kind);
  const finished = runAsRequest(ctx, io).then(
    (data) => void (outcome = { data }),
    (e: unknown) => {
      if (!isBlockError(e)) throw e;
      outcome = { errno: e.errnoText() };
    },
  );
  let settled = false;
  finished.then(
    () => void (settled = true),
    () => void (settled = true),
  );
  s.aio.push({
    done: finished,
    get settled() {
      return settled;
    },
    ctx,
    kind,
    report: () => {
      if (outcome && 'errno' in outcome) print(s, `${failText} failed: ${outcome.errno}\n`);
      else done(outcome?.data);
    },
  });
}

function newFlags(): AioFlags {
  return { machine: false, quiet: false, verbose: false, invalid: false, fua: false, unmap: false, zero: false };
}

export const aioReadCommand: Command = {
  name: 'aio_read',
  argmin: 2,
  argmax: -1,
  args: '[-Ciqv] [-P pattern] off len [len..]',
  oneline: 'asynchronously reads a number of bytes',
  help: HELP_TEXTS['aio_read'],
  async run(s, argv) {
    const f = newFlags();
    const opts = parseAio(s, this, argv, 'CiP:qv', f);
    if (!opts.ok) return opts.status;
    if (opts.operands.length < 2) return commandUsage(s, this);
    if (f.invalid) {
      print(s, 'injecting invalid read request\n');
      return 0;
    }
    const offset = numArg(s, opts.operands[0]!);
    if (offset === undefined) return -22;
    const lens = parseLengths(s, opts.operands.slice(1));
    if (!lens) return -22;
    const count = lens.reduce((a, b) => a + b, 0);
    const start = process.hrtime.bigint();
    await submit(s, 'read', 'readv', { offset, bytes: count }, () => readImage(s.blk!, s.copyOnRead, offset, count), (data) => {
      if (f.pattern !== undefined) verifyPattern(s, data!, 0, count, f.pattern, offset);
      if (f.quiet) return;
      if (f.verbose) dumpBuffer(s, data!, offset);
      printReport(s, 'read', start, offset, count, f.machine);
    });
    return 0;
  },
};

export const aioWriteCommand: Command = {
  name: 'aio_write',
  argmin: 2,
  argmax: -1,
  args: '[-Cfiquz] [-P pattern] off len [len..]',
  oneline: 'asynchronously writes a number of bytes',
  help: HELP_TEXTS['aio_write'],
  write: true,
  async run(s, argv) {
    const f = newFlags();
    const opts = parseAio(s, this, argv, 'CfiqP:uz', f);
    if (!opts.ok) return opts.status;
    if (opts.operands.length < 2) return commandUsage(s, this);
    if (f.unmap && !f.zero) {
      print(s, '-u requires -z to be specified\n');
      return -22;
    }
    if (f.zero && opts.operands.length > 2) {
      print(s, '-z supports only a single length parameter\n');
      return -22;
    }
    if (f.invalid) {
      print(s, 'injecting invalid write request\n');
      return 0;
    }
    const offset = numArg(s, opts.operands[0]!);
    if (offset === undefined) return -22;
    // -z takes its single length as is; otherwise the lengths form an I/O vector with its limits.
    const lens = f.zero ? [numArg(s, opts.operands[1]!)] : parseLengths(s, opts.operands.slice(1));
    if (!lens || lens[0] === undefined) return -22;
    const count = (lens as number[]).reduce((a, b) => a + b, 0);
    const blk = s.blk!;
    // QEMU 7.2 never sets the start time of an aio_write -z: its report counts from the
    // monotonic clock's origin (boot), so the time is the uptime and the rates tiny.
    const start = f.zero ? 0n : process.hrtime.bigint();
    const io = async (): Promise<undefined> => {
      if (f.zero) await blk.writeZeroes(offset, count, { fua: f.fua, mayUnmap: f.unmap });
      else await blk.write(offset, new Uint8Array(count).fill(f.pattern ?? DEFAULT_PATTERN), { fua: f.fua });
      return undefined;
    };
    await submit(s, 'write', 'aio_write', { offset, bytes: count }, io, () => {
      if (!f.quiet) printReport(s, 'wrote', start, offset, count, f.machine);
    });
    return 0;
  },
};

export const aioFlushCommand: Command = {
  name: 'aio_flush',
  argmin: 0,
  argmax: 0,
  oneline: 'completes all outstanding aio requests',
  async run(s) {
    await drainAio(s);
    return 0;
  },
};
