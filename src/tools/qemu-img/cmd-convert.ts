// qemu-img convert: copy one or more images (concatenated) into a new or existing image of any format, sparsely.

import type { BlockBackend } from '../../block/api.ts';
import { BlockError } from '../../block/errors.ts';
import { copyBitmaps } from './convert-bitmaps.ts';
import { nodeGetLength, nodeTruncate } from '../../block/io.ts';
import { nodePrefetchStatus } from '../../block/block-status.ts';
import { OptsError, hasHelpOption } from '../../util/qemu-opts.ts';
import { parseCacheMode } from './args.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import { parseConvertArgs, type ConvertArgs } from './convert-args.ts';
import { convertCopy, type ConvertSource } from './convert-copy.ts';
import { createTarget, offloadable } from './convert-target.ts';
import { printOptionHelp } from './cmd-create.ts';
import { imgOpen } from './img-open.ts';
import { makeProgress, type Progress } from './progress.ts';
import { loadSnapshot } from './snapshot-load.ts';

export const usage =
  'convert [--object objectdef] [--image-opts] [--target-image-opts] [--target-is-zero] [--bitmaps] [-U] [-C] [-c] [-p] [-q] [-n] [-f fmt] [-t cache] [-T src_cache] [-O output_fmt] [-B backing_file [-F backing_fmt]] [-o options] [-l snapshot_param] [-S sparse_size] [-r rate_limit] [-m num_coroutines] [-W] [--salvage] filename [filename2 [...]] output_filename';

const SECTOR = 512;

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  const a = parseConvertArgs(ctx, argv);
  const srcNames = a.operands.slice(0, -1);
  const outName = srcNames.length >= 1 ? a.operands[a.operands.length - 1]! : undefined;
  if (a.options !== undefined && hasHelpOption(a.options)) {
    if (a.outFmt === undefined) return fail(ctx, 'Option help requires a format be specified');
    return printOptionHelp(ctx, a.outFmt, outName);
  }
  if (srcNames.length < 1) return fail(ctx, 'Must specify image file name');
  const srcCache = parseCacheMode(a.srcCache);
  if (!srcCache) return fail(ctx, `Invalid source cache option: ${a.srcCache}`);
  const progress = makeProgress(ctx, a.progress && !a.quiet, 1.0);
  progress.print(0, 100);
  const opened: BlockBackend[] = [];
  let status = 1;
  try {
    status = await convert(ctx, a, srcNames, outName!, opened, progress);
  } catch (e) {
    if (e instanceof ExitStatus) status = e.status;
    else if (e instanceof BlockError) {
      ctx.error(e.message);
      status = 1;
    } else throw e;
  } finally {
    if (status === 0) progress.print(100, 0);
    progress.end();
    for (const blk of opened.reverse()) await blk.close().catch(() => undefined);
  }
  return status;
}

function fail(ctx: ImgContext, msg: string): number {
  ctx.error(msg);
  return 1;
}

async function convert(
  ctx: ImgContext, a: ConvertArgs, srcNames: string[], outName: string, opened: BlockBackend[], progress: Progress,
): Promise<number> {
  const sources: ConvertSource[] = [];
  for (const filename of srcNames) {
    const blk = await imgOpen(ctx, {
      filename, format: a.fmt, imageOpts: a.imageOpts, readOnly: true, forceShare: a.forceShare, cache: parseCacheMode(a.srcCache),
    });
    opened.push(blk);
    const length = await blk.getLength();
    sources.push({ blk, sectors: Math.ceil(length / SECTOR), alignment: Math.ceil(blk.root.limits.requestAlignment / SECTOR) || 1 });
  }
  const totalSectors = sources.reduce((s, x) => s + x.sectors, 0);
  // The copy starts with the sources' block status; its slow part (a helper process scanning a
  // raw file's holes) runs while the target is made.
  for (const src of sources) nodePrefetchStatus(src.blk.root);
  if (a.snapshot !== undefined) {
    if ('idOrName' in a.snapshot && sources.length > 1) return fail(ctx, 'No support for concatenating multiple snapshot');
    await loadSnapshot(ctx, sources[0]!.blk.root, a.snapshot);
  }
  let target;
  try {
    target = await createTarget(ctx, a, outName, totalSectors, sources.map((s) => s.blk.root));
  } catch (e) {
    if (e instanceof OptsError) {
      ctx.error(e.message);
      if (e.hint) ctx.errRaw(e.hint);
      return 1;
    }
    throw e;
  }
  opened.push(target.blk);
  const copyRange = target.plan.copyRange && sources.every((s) => offloadable(s.blk.root));
  await convertCopy(ctx, { ...target.plan, copyRange, coroutines: a.coroutines, sources, totalSectors, salvage: a.salvage, quiet: a.quiet }, progress);
  if (a.compressed) await alignCompressedEnd(target.blk);
  if (a.bitmaps) await copyBitmaps(ctx, sources[0]!.blk.root, target.blk.root, a.skipBrokenBitmaps);
  await target.blk.flush();
  return 0;
}

/**
 * The end-of-stream signal QEMU sends after a compressed copy (a zero-length compressed write):
 * the target's file is padded to a whole sector so sector-based readers see every byte.
 */
async function alignCompressedEnd(blk: BlockBackend): Promise<void> {
  const file = blk.root.children.get('file');
  if (!file) return;
  // bdrv_getlength() already counts whole sectors, so truncating to it pads a partial one.
  await nodeTruncate(file, await nodeGetLength(file), false, 'off');
}
