// qemu-img commit: write an image's data down into its backing file (or a named base), then empty it unless -d.

import { strerrorNumber } from '../../util/errno.ts';
import { BlockError } from '../../block/errors.ts';
import { nodeFlush, nodeGetLength, nodeMakeEmpty, nodeTruncate } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { reopenGraph } from '../../block/reopen.ts';
import type { LongOption } from '../../util/getopt.ts';
import { HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, cvtnum, parseCacheMode, parseOptions } from './args.ts';
import { backingNext, findBackingImage } from './chain.ts';
import { UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';
import { chunkPercent, makeProgress, type Progress } from './progress.ts';
import { allowUnmap, commitRanges } from './commit-copy.ts';

export const usage = 'commit [--object objectdef] [--image-opts] [-q] [-f fmt] [-t cache] [-b base] [-r rate_limit] [-d] [-p] filename';

const LONGOPTS: LongOption[] = [HELP_OPT, OBJECT_OPT, IMAGE_OPTS_OPT];

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let fmt: string | undefined;
  let cache = 'unsafe';
  let base: string | undefined;
  let drop = false;
  let progressWanted = false;
  let quiet = false;
  let imageOpts = false;
  const operands = parseOptions(ctx, argv, ':f:ht:b:dpqr:', LONGOPTS, (r) => {
    if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 't') cache = r.arg!;
    else if (r.opt === 'b') {
      base = r.arg;
      drop = true; // -b implies -d
    } else if (r.opt === 'd') drop = true;
    else if (r.opt === 'p') progressWanted = true;
    else if (r.opt === 'q') quiet = true;
    else if (r.opt === 'r') cvtnum(ctx, 'rate limit', r.arg!);
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
  });
  if (quiet) progressWanted = false;
  if (operands.length !== 1) throw new UsageError('Expecting one image file name');
  const filename = operands[0]!;
  const cacheMode = parseCacheMode(cache);
  if (!cacheMode) {
    ctx.error(`Invalid cache option: ${cache}`);
    return 1;
  }
  const blk = await imgOpen(ctx, { filename, format: fmt, imageOpts, readOnly: false, cache: cacheMode, discardUnmap: true });
  const progress = makeProgress(ctx, progressWanted, 1.0);
  progress.print(0, 100);
  let failure: string | undefined;
  try {
    const top = blk.root;
    const baseNode = base !== undefined ? findBackingImage(top, base, ctx.io.cwd) : backingNext(top);
    if (!baseNode) {
      failure = base !== undefined ? `Did not find '${base}' in the backing chain of '${filename}'` : 'Image does not have a backing file';
    } else {
      try {
        await commitInto(top, baseNode, progress);
      } catch (e) {
        if (e instanceof BlockError) throw new BlockError(e.errno, `Block job failed: ${strerrorNumber(e.errnoValue())}`);
        throw e;
      }
      if (!drop) await nodeMakeEmpty(top);
    }
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    failure = e.message;
  } finally {
    progress.end();
    await blk.close();
  }
  if (failure !== undefined) {
    ctx.error(failure);
    return 1;
  }
  if (!quiet) ctx.out('Image committed.\n');
  return 0;
}

/** Copy every range allocated above `base` into it (growing it to the top's length first). */
async function commitInto(top: BlockNode, base: BlockNode, progress: Progress): Promise<void> {
  allowUnmap(base);
  await reopenGraph(base, false);
  const len = await nodeGetLength(top);
  if (len > (await nodeGetLength(base))) await nodeTruncate(base, len, false, 'off');
  let dirty = 0;
  await commitRanges(top, base, len, (copied, total) => progress.print(chunkPercent(copied, (dirty = total)), 0));
  await nodeFlush(base);
  // run_block_job() prints once per event-loop turn: with data, two more turns at 100% before the
  // job is ready; with nothing to copy, one turn at 0%. Then its final 100%.
  for (const percent of dirty > 0 ? [100, 100, 100] : [0, 100]) progress.print(percent, 0);
}
