// qemu-img rebase: point an image at a different backing file, copying what would otherwise change (unless -u).

import { findBackingImage } from './chain.ts';
import { fullBackingFilename } from './info-collect.ts';
import type { BlockBackend } from '../../block/api.ts';
import { BlockError } from '../../block/errors.ts';
import type { LongOption } from '../../util/getopt.ts';
import { FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, parseCacheMode, parseOptions } from './args.ts';
import { findFormat } from './block.ts';
import { ExitStatus, UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';
import { makeProgress } from './progress.ts';
import { changeBacking, copyDifferences, openNewBacking } from './rebase-copy.ts';

export const usage =
  'rebase [--object objectdef] [--image-opts] [-U] [-q] [-f fmt] [-t cache] [-T src_cache] [-p] [-u] -b backing_file [-F backing_fmt] filename';

const LONGOPTS: LongOption[] = [HELP_OPT, OBJECT_OPT, IMAGE_OPTS_OPT, FORCE_SHARE_OPT];

export interface RebaseArgs {
  fmt?: string;
  base?: string;
  baseFmt?: string;
  unsafe: boolean;
  quiet: boolean;
  forceShare: boolean;
  imageOpts: boolean;
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  const a: RebaseArgs = { unsafe: false, quiet: false, forceShare: false, imageOpts: false };
  let cache = 'writeback';
  let srcCache = 'writeback';
  let progressWanted = false;
  const operands = parseOptions(ctx, argv, ':hf:F:b:upt:T:qU', LONGOPTS, (r) => {
    if (r.opt === 'f') a.fmt = r.arg;
    else if (r.opt === 'F') a.baseFmt = r.arg;
    else if (r.opt === 'b') a.base = r.arg;
    else if (r.opt === 'u') a.unsafe = true;
    else if (r.opt === 'p') progressWanted = true;
    else if (r.opt === 't') cache = r.arg!;
    else if (r.opt === 'T') srcCache = r.arg!;
    else if (r.opt === 'q') a.quiet = true;
    else if (r.opt === 'U') a.forceShare = true;
    else if (r.opt === 'IMAGE_OPTS') a.imageOpts = true;
  });
  if (a.quiet) progressWanted = false;
  if (operands.length !== 1) throw new UsageError('Expecting one image file name');
  if (!a.unsafe && a.base === undefined) throw new UsageError('Must specify backing file (-b) or use unsafe mode (-u)');
  const progress = makeProgress(ctx, progressWanted, 2.0);
  progress.print(0, 100);
  const opened: BlockBackend[] = [];
  try {
    const cacheMode = parseCacheMode(cache) ?? fail(ctx, `Invalid cache option: ${cache}`);
    const srcMode = parseCacheMode(srcCache) ?? fail(ctx, `Invalid source cache option: ${srcCache}`);
    const blk = await imgOpen(ctx, {
      filename: operands[0]!, format: a.fmt, imageOpts: a.imageOpts, readOnly: false, noBacking: a.unsafe, cache: cacheMode,
    });
    opened.push(blk);
    if (a.baseFmt !== undefined && !findFormat(a.baseFmt)) fail(ctx, `Invalid format name: '${a.baseFmt}'`);
    if (!a.unsafe) {
      const newBacking = a.base ? await openNewBacking(ctx, blk.root, a, srcMode) : undefined;
      if (newBacking) opened.push(newBacking);
      const prefix = a.base ? findBackingImage(blk.root, fullBackingFilename(blk.root.filename, a.base), ctx.io.cwd) : undefined;
      await copyDifferences(ctx, blk, newBacking, progress, prefix);
    }
    try {
      await changeBacking(ctx, blk.root, a);
    } finally {
      // img_rebase prints the final progress whether or not the backing file could be changed.
      progress.print(100, 0);
    }
    return 0;
  } catch (e) {
    if (e instanceof ExitStatus) return e.status;
    if (e instanceof BlockError) {
      ctx.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    progress.end();
    for (const b of opened.reverse()) await b.close().catch(() => undefined);
  }
}

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}
