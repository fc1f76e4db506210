// Commands about the image as a whole: length, info, map, alloc, discard, truncate and flush.

import type { PreallocMode } from '../../block/driver.ts';
import { dumpQObject } from '../qemu-img/info-model.ts';
import { isBlockError } from '../../block/errors.ts';
import { answersGetInfo } from '../../block/get-info.ts';
import { offsetLimitError } from '../../block/limits.ts';
import { parseSize } from '../../util/size.ts';
import type { Command } from './command.ts';
import { commandUsage } from './command.ts';
import { parseCommandOpts } from './cmdopts.ts';
import { crash, SIGSEGV } from './cmd-process.ts';
import { HELP_TEXTS } from './help-texts.ts';
import { errorReport, print, type Session } from './session.ts';
import { cvtstr } from './stats.ts';
import { MAX_REQUEST_BYTES, numArg, printReport, request } from './rwutil.ts';

const ERRNO_EIO = 5;

/** The exact value of a size operand already accepted by numArg (numbers round above 2^53). */
function exactSize(arg: string): bigint {
  const r = parseSize(arg);
  return r.ok ? r.value : 0n;
}

/** Run a block-layer call whose failure qemu-io reports as "<what>: <strerror>" on stdout. */
async function orFail<T>(s: Session, what: string, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (!isBlockError(e)) throw e;
    print(s, `${what}: ${e.errnoText()}\n`);
    return { ok: false };
  }
}

export const lengthCommand: Command = {
  name: 'length',
  altname: 'l',
  argmin: 0,
  argmax: 0,
  oneline: 'gets the length of the current file',
  async run(s) {
    const r = await orFail(s, 'getlength', () => s.blk!.getLength());
    if (!r.ok) return -5;
    print(s, `${cvtstr(r.value)}\n`);
    return 0;
  },
};

export const infoCommand: Command = {
  name: 'info',
  altname: 'i',
  argmin: 0,
  argmax: 0,
  oneline: 'prints information about the current file',
  async run(s) {
    const node = s.blk!.root;
    const drv = node.driver;
    print(s, `format name: ${drv.formatName}\n`);
    if (drv.protocolName !== undefined) print(s, `format name: ${drv.protocolName}\n`);
    // bdrv_get_info(): formats with geometry and protocols (filters through their child) answer; others fail quietly.
    if ((!drv.getClusterSize && drv.protocolName === undefined) || !answersGetInfo(node)) return -95;
    print(s, `cluster size: ${cvtstr(drv.getClusterSize?.(node) ?? 0)}\n`);
    print(s, `vm state offset: ${cvtstr(drv.getVmStateOffset?.(node) ?? 0)}\n`);
    const specific = await drv.getSpecificInfo?.(node);
    if (specific) print(s, 'Format specific information:\n' + dumpQObject(specific.data, 1));
    return 0;
  },
};

/** map_is_allocated(): the allocation status at `offset` and how far it extends unchanged. */
async function allocatedRun(s: Session, offset: number, bytes: number): Promise<{ allocated: boolean; pnum: number }> {
  const blk = s.blk!;
  const first = await blk.isAllocated(offset, bytes);
  let pnum = first.pnum;
  while (pnum > 0 && pnum < bytes) {
    const next = await blk.isAllocated(offset + pnum, bytes - pnum);
    if (next.pnum === 0 || next.allocated !== first.allocated) break;
    pnum += next.pnum;
  }
  return { allocated: first.allocated, pnum };
}

export const mapCommand: Command = {
  name: 'map',
  argmin: 0,
  argmax: 0,
  args: '',
  oneline: 'prints the allocated areas of a file',
  async run(s) {
    const len = await orFail(s, 'getlength', () => s.blk!.getLength());
    if (!len.ok) return -5;
    const length = len.value;
    for (let offset = 0; offset < length; ) {
      let run: { allocated: boolean; pnum: number };
      try {
        run = await allocatedRun(s, offset, length - offset);
      } catch (e) {
        if (!isBlockError(e)) throw e;
        errorReport(s, `Failed to get allocation status: ${e.errnoText()}`);
        return -ERRNO_EIO;
      }
      if (run.pnum === 0) {
        errorReport(s, 'Unexpected end of image');
        return -ERRNO_EIO;
      }
      const what = run.allocated ? '    allocated' : 'not allocated';
      print(s, `${cvtstr(run.pnum)} (0x${run.pnum.toString(16)}) bytes ${what} at offset ${cvtstr(offset)} (0x${offset.toString(16)})\n`);
      offset += run.pnum;
    }
    return 0;
  },
};

export const allocCommand: Command = {
  name: 'alloc',
  altname: 'a',
  argmin: 1,
  argmax: 2,
  args: 'offset [count]',
  oneline: 'checks if offset is allocated in the file',
  async run(s, argv) {
    const offset = numArg(s, argv[1]!);
    if (offset === undefined) return -22;
    let count = 512;
    if (argv.length === 3) {
      const c = numArg(s, argv[2]!);
      if (c === undefined) return -22;
      count = c;
    }
    let remaining = count;
    let sum = 0;
    let pos = offset;
    while (remaining > 0) {
      let r: { allocated: boolean; pnum: number };
      try {
        r = await s.blk!.isAllocated(pos, remaining);
      } catch (e) {
        if (!isBlockError(e)) throw e;
        print(s, `is_allocated failed: ${e.errnoText()}\n`);
        return -ERRNO_EIO;
      }
      if (r.pnum === 0) {
        // Past the end: the count shrinks to what was examined (exact even where count - remaining would round).
        count = pos - offset;
        break;
      }
      remaining -= r.pnum;
      if (r.allocated) sum += r.pnum;
      pos += r.pnum;
    }
    print(s, `${sum}/${count} bytes allocated at offset ${cvtstr(offset)}\n`);
    return 0;
  },
};

export const discardCommand: Command = {
  name: 'discard',
  altname: 'd',
  argmin: 2,
  argmax: -1,
  args: '[-Cq] off len',
  oneline: 'discards a number of bytes at a specified offset',
  help: HELP_TEXTS['discard'],
  write: true,
  async run(s, argv) {
    let machine = false;
    let quiet = false;
    const opts = parseCommandOpts(s, this, argv, 'Cq', (opt) => {
      if (opt === 'C') machine = true;
      else quiet = true;
      return undefined;
    });
    if (!opts.ok) return opts.status;
    if (opts.operands.length !== 2) return commandUsage(s, this);
    const offset = numArg(s, opts.operands[0]!);
    if (offset === undefined) return -22;
    const bytes = numArg(s, opts.operands[1]!);
    if (bytes === undefined) return -22;
    if (bytes > MAX_REQUEST_BYTES) {
      print(s, `length cannot exceed ${MAX_REQUEST_BYTES}, given ${opts.operands[1]}\n`);
      return -22;
    }
    const start = process.hrtime.bigint();
    const r = await request(s, 'discard', () => s.blk!.discard(offset, bytes));
    if (!r.ok) return r.status;
    if (!quiet) printReport(s, 'discard', start, offset, bytes, machine);
    return 0;
  },
};

const PREALLOC_MODES: readonly PreallocMode[] = ['off', 'metadata', 'falloc', 'full'];

export const truncateCommand: Command = {
  name: 'truncate',
  altname: 't',
  argmin: 1,
  argmax: 3,
  args: '[-m prealloc_mode] off',
  oneline: 'truncates the current file at the given offset',
  write: true,
  async run(s, argv) {
    let prealloc: PreallocMode = 'off';
    const opts = parseCommandOpts(s, this, argv, 'm:', (_opt, arg) => {
      if (!PREALLOC_MODES.includes(arg as PreallocMode)) {
        errorReport(s, `Invalid preallocation mode '${arg}'`);
        return -22;
      }
      prealloc = arg as PreallocMode;
      return undefined;
    });
    if (!opts.ok) return opts.status;
    // QEMU 7.2 ignores extra operands; with none (only options) it parses a NULL and crashes.
    if (opts.operands.length === 0) {
      crash(s, SIGSEGV);
      return 0;
    }
    // truncate_f() names argv[1] in its parsing error, whatever option came first.
    const offset = numArg(s, opts.operands[0]!, argv[1]!);
    if (offset === undefined) return -22;
    const tooLarge = offset > Number.MAX_SAFE_INTEGER ? offsetLimitError(exactSize(opts.operands[0]!)) : undefined;
    if (tooLarge !== undefined) {
      errorReport(s, tooLarge);
      return -ERRNO_EIO;
    }
    await s.blk!.truncate(offset, false, prealloc);
    return 0;
  },
};

export const flushCommand: Command = {
  name: 'flush',
  altname: 'f',
  argmin: 0,
  argmax: 0,
  oneline: 'flush all in-core file state to disk',
  async run(s) {
    try {
      await s.blk!.flush();
      return 0;
    } catch (e) {
      if (!isBlockError(e)) throw e;
      return -ERRNO_EIO;
    }
  },
};
