// qemu-img compare: are two images' guest-visible contents equal (strict mode: sizes and allocation too)? Exit 0/1/2+.

import type { BlockBackend } from '../../block/api.ts';
import { BDRV_BLOCK } from '../../block/driver.ts';
import { nodeBlockStatusAbove } from '../../block/block-status.ts';
import { BlockError } from '../../block/errors.ts';
import type { LongOption } from '../../util/getopt.ts';
import { FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, parseCacheMode, parseOptions } from './args.ts';
import { ExitStatus, UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';
import { chunkPercent, makeProgress, type Progress } from './progress.ts';
import { compareBuffers, findNonzero, IO_BUF_SIZE } from './buffers.ts';

export const usage =
  'compare [--object objectdef] [--image-opts] [-f fmt] [-F fmt] [-T src_cache] [-p] [-q] [-s] [-U] filename1 filename2';

const LONGOPTS: LongOption[] = [HELP_OPT, OBJECT_OPT, IMAGE_OPTS_OPT, FORCE_SHARE_OPT];

/** Ends the comparison with a status (1 mismatch, 3 status failure, 4 read failure). */
class Done extends Error {
  constructor(readonly status: number) {
    super(`compare ${status}`);
  }
}

interface Side {
  blk: BlockBackend;
  name: string;
}

/** img_compare() exits 2, not 1, when an --object definition is refused. */
function objectFailureIs2<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ExitStatus && e.status === 1) throw new ExitStatus(2);
    throw e;
  }
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let fmt1: string | undefined;
  let fmt2: string | undefined;
  let cache = 'writeback';
  let progress = false;
  let quiet = false;
  let strict = false;
  let imageOpts = false;
  let forceShare = false;
  const operands = objectFailureIs2(() => parseOptions(ctx, argv, ':hf:F:T:pqsU', LONGOPTS, (r) => {
    if (r.opt === 'f') fmt1 = r.arg;
    else if (r.opt === 'F') fmt2 = r.arg;
    else if (r.opt === 'T') cache = r.arg!;
    else if (r.opt === 'p') progress = true;
    else if (r.opt === 'q') quiet = true;
    else if (r.opt === 's') strict = true;
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'U') forceShare = true;
  }));
  if (quiet) progress = false;
  if (operands.length !== 2) throw new UsageError('Expecting two image file names');
  const [name1, name2] = operands as [string, string];
  const cacheMode = parseCacheMode(cache);
  if (!cacheMode) {
    ctx.error(`Invalid source cache option: ${cache}`);
    return 2;
  }
  const opened: BlockBackend[] = [];
  try {
    const open = async (filename: string, format: string | undefined) => {
      const blk = await imgOpen(ctx, { filename, format, imageOpts, readOnly: true, forceShare, cache: cacheMode });
      opened.push(blk);
      return blk;
    };
    let a: Side;
    let b: Side;
    try {
      a = { blk: await open(name1, fmt1), name: name1 };
      b = { blk: await open(name2, fmt2), name: name2 };
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      ctx.error(e.message);
      return 2;
    }
    const meter = makeProgress(ctx, progress, 2.0);
    const say = (text: string) => {
      if (!quiet) ctx.out(text);
    };
    try {
      return await compareImages(ctx, a, b, strict, meter, say);
    } catch (e) {
      if (e instanceof Done) return e.status;
      throw e;
    } finally {
      meter.end();
    }
  } finally {
    for (const blk of opened.reverse()) await blk.close();
  }
}

async function compareImages(
  ctx: ImgContext, a: Side, b: Side, strict: boolean, meter: Progress, say: (t: string) => void,
): Promise<number> {
  meter.print(0, 100);
  const size1 = await a.blk.getLength();
  const size2 = await b.blk.getLength();
  const total = Math.min(size1, size2);
  const progressBase = Math.max(size1, size2);
  if (strict && size1 !== size2) {
    say('Strict mode: Image size mismatch!\n');
    return 1;
  }
  for (let offset = 0; offset < total; ) {
    const s1 = await status(ctx, a, offset, size1 - offset);
    const s2 = await status(ctx, b, offset, size2 - offset);
    const alloc1 = (s1.status & BDRV_BLOCK.ALLOCATED) !== 0;
    const alloc2 = (s2.status & BDRV_BLOCK.ALLOCATED) !== 0;
    let chunk = Math.min(s1.pnum, s2.pnum);
    if (strict && s1.status !== s2.status) {
      say(`Strict mode: Offset ${offset} block status mismatch!\n`);
      return 1;
    }
    if (s1.status & BDRV_BLOCK.ZERO && s2.status & BDRV_BLOCK.ZERO) {
      // Both read as zeroes.
    } else if (alloc1 === alloc2) {
      if (alloc1) {
        chunk = Math.min(chunk, IO_BUF_SIZE);
        const buf1 = await readChunk(ctx, a, offset, chunk);
        const buf2 = await readChunk(ctx, b, offset, chunk);
        const { differ, pnum } = compareBuffers(buf1, buf2);
        if (differ || pnum !== chunk) {
          say(`Content mismatch at offset ${offset + (differ ? 0 : pnum)}!\n`);
          return 1;
        }
      }
    } else {
      chunk = Math.min(chunk, IO_BUF_SIZE);
      await checkEmpty(ctx, alloc1 ? a : b, offset, chunk, say);
    }
    offset += chunk;
    meter.print(chunkPercent(chunk, progressBase), 100);
  }
  if (size1 !== size2) {
    say('Warning: Image size mismatch!\n');
    const over = size1 > size2 ? a : b;
    for (let offset = total; offset < progressBase; ) {
      const s = await status(ctx, over, offset, progressBase - offset);
      let chunk = s.pnum;
      if (s.status & BDRV_BLOCK.ALLOCATED && !(s.status & BDRV_BLOCK.ZERO)) {
        chunk = Math.min(chunk, IO_BUF_SIZE);
        await checkEmpty(ctx, over, offset, chunk, say);
      }
      offset += chunk;
      meter.print(chunkPercent(chunk, progressBase), 100);
    }
  }
  say('Images are identical.\n');
  return 0;
}

async function status(ctx: ImgContext, side: Side, offset: number, bytes: number) {
  try {
    return await nodeBlockStatusAbove(side.blk.root, null, false, true, offset, bytes);
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    ctx.error(`Sector allocation test failed for ${side.name}`);
    throw new Done(3);
  }
}

async function readChunk(ctx: ImgContext, side: Side, offset: number, bytes: number): Promise<Uint8Array> {
  try {
    return await side.blk.read(offset, bytes);
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    ctx.error(`Error while reading offset ${offset} of ${side.name}: ${e.errnoText()}`);
    throw new Done(4);
  }
}

/** check_empty_sectors(): the range must read as zeroes, else a mismatch at the first non-zero sector. */
async function checkEmpty(ctx: ImgContext, side: Side, offset: number, bytes: number, say: (t: string) => void): Promise<void> {
  const buf = await readChunk(ctx, side, offset, bytes);
  const idx = findNonzero(buf);
  if (idx >= 0) {
    say(`Content mismatch at offset ${offset + idx}!\n`);
    throw new Done(1);
  }
}
