// qemu-img bench: issue a run of read or write requests (optionally with flushes) and report the elapsed time.

import { formatF } from '../../util/printf.ts';
import type { BlockBackend } from '../../block/api.ts';
import { BlockError } from '../../block/errors.ts';
import type { LongOption } from '../../util/getopt.ts';
import {
  FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, cvtnum, cvtnumBig, parseCacheMode, parseOptions, strtolBase0,
} from './args.ts';
import { ExitStatus, UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';
import { pageAlignedBytes } from '../../util/aligned.ts';

export const usage =
  'bench [-c count] [-d depth] [-f fmt] [--flush-interval=flush_interval] [-i aio] [-n] [--no-drain] [-o offset] [--pattern=pattern] [-q] [-s buffer_size] [-S step_size] [-t cache] [-w] [-U] filename';

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  { name: 'flush-interval', hasArg: 'required', val: 'FLUSH' },
  IMAGE_OPTS_OPT,
  { name: 'pattern', hasArg: 'required', val: 'PATTERN' },
  { name: 'no-drain', hasArg: 'no', val: 'NO_DRAIN' },
  FORCE_SHARE_OPT,
];

const INT_MAX = 2147483647n;
const AIO_MODES = ['threads', 'native', 'io_uring'];

interface BenchArgs {
  count: number;
  depth: number;
  fmt?: string;
  offset: number;
  /** -o as given (offsets past 2^53 print exactly, as QEMU's int64 does). */
  offsetExact: bigint;
  bufsize: number;
  step?: number;
  write: boolean;
  pattern: number;
  flushInterval: number;
  native: boolean;
  cache: string;
  forceShare: boolean;
  imageOpts: boolean;
  operands: string[];
}

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

function parseArgs(ctx: ImgContext, argv: string[]): BenchArgs {
  const a: BenchArgs = {
    count: 75000, depth: 64, offset: 0, offsetExact: 0n, bufsize: 4096, write: false, pattern: 0, flushInterval: 0, native: false,
    cache: 'writeback', forceShare: false, imageOpts: false, operands: [],
  };
  a.operands = parseOptions(ctx, argv, ':hc:d:f:ni:o:qs:S:t:wU', LONGOPTS, (r) => {
    const arg = r.arg!;
    switch (r.opt) {
      case 'c': {
        const n = strtolBase0(arg);
        if (n === undefined || n < 0 || n > 2147483647) fail(ctx, 'Invalid request count specified');
        a.count = n;
        break;
      }
      case 'd': {
        const n = strtolBase0(arg);
        if (n === undefined || n < 0 || n > 2147483647) fail(ctx, 'Invalid queue depth specified');
        a.depth = n;
        break;
      }
      case 'f': a.fmt = arg; break;
      case 'n': a.native = true; break;
      // bdrv_parse_aio(): native adds BDRV_O_NATIVE_AIO (as -n does); threads leaves the flags alone.
      case 'i': if (!AIO_MODES.includes(arg)) fail(ctx, `Invalid aio option: ${arg}`); if (arg === 'native') a.native = true; break;
      case 'o': a.offsetExact = cvtnumBig(ctx, 'offset', arg); a.offset = Number(a.offsetExact); break;
      case 's': a.bufsize = cvtnum(ctx, 'buffer size', arg, 0n, INT_MAX); break;
      case 'S': a.step = cvtnum(ctx, 'step_size', arg, 0n, INT_MAX); break;
      case 't': a.cache = arg; if (!parseCacheMode(arg)) fail(ctx, 'Invalid cache mode'); break;
      case 'w': a.write = true; break;
      case 'U': a.forceShare = true; break;
      case 'IMAGE_OPTS': a.imageOpts = true; break;
      case 'PATTERN': {
        const n = strtolBase0(arg);
        if (n === undefined || n < 0 || n > 0xff) fail(ctx, 'Invalid pattern byte specified');
        a.pattern = n;
        break;
      }
      case 'FLUSH': {
        const n = strtolBase0(arg);
        if (n === undefined || n < 0 || n > 0xffffffff) fail(ctx, 'Invalid flush interval specified');
        a.flushInterval = n;
        break;
      }
    }
  });
  return a;
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  const a = parseArgs(ctx, argv);
  if (a.operands.length !== 1) throw new UsageError('Expecting one image file name');
  if (a.flushInterval && !a.write) fail(ctx, '--flush-interval is only available in write tests');
  if (a.flushInterval && a.flushInterval < a.depth) fail(ctx, "Flush interval can't be smaller than depth");
  const filename = a.operands[0]!;
  const cache = parseCacheMode(a.cache)!;
  if (a.native && !cache.direct) {
    fail(ctx, `Could not open '${filename}': aio=native was specified, but it requires cache.direct=on, which was not specified.`);
  }
  const blk = await imgOpen(ctx, { filename, format: a.fmt, imageOpts: a.imageOpts, readOnly: !a.write, forceShare: a.forceShare, cache });
  try {
    const step = a.step || a.bufsize; // -S 0 means the default, as no -S does
    ctx.out(
      `Sending ${a.count} ${a.write ? 'write' : 'read'} requests, ${a.bufsize} bytes each, ${a.depth} in parallel ` +
        `(starting at offset ${a.offsetExact}, step size ${step})\n`,
    );
    if (a.flushInterval) ctx.out(`Sending flush every ${a.flushInterval} requests\n`);
    const start = process.hrtime.bigint();
    const err = await runRequests(blk, a, step);
    if (err) {
      ctx.error(`Failed request: ${err.errnoText()}`);
      return 1;
    }
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    ctx.out(`Run completed in ${formatF(secs, 3)} seconds.\n`);
    return 0;
  } finally {
    await blk.close();
  }
}

/** The requests one after another (offsets wrap around the image end), flushing every flushInterval writes. */
async function runRequests(blk: BlockBackend, a: BenchArgs, step: number): Promise<BlockError | undefined> {
  const size = await blk.getLength();
  // Page-aligned, as QEMU's qemu_blockalign() buffer: the kernel copies from it several times faster.
  const buf = pageAlignedBytes(a.bufsize).fill(a.pattern);
  let offset = a.offset;
  if (a.depth === 0) return undefined; // Nothing can be in flight: QEMU never completes such a run.
  try {
    for (let i = 0; i < a.count; i++) {
      if (a.write) await blk.write(offset, buf);
      else await blk.read(offset, a.bufsize);
      if (a.flushInterval && (i + 1) % a.flushInterval === 0) await blk.flush();
      offset = size > 0 ? (offset + step) % size : 0;
    }
  } catch (e) {
    if (e instanceof BlockError) return e;
    throw e;
  }
  return undefined;
}
