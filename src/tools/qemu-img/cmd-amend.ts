// qemu-img amend: change format options of an existing image (-o), or list what can be amended (-o help).

import type { BlockDriver } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import type { LongOption } from '../../util/getopt.ts';
import { OptsError, hasHelpOption } from '../../util/qemu-opts.ts';
import { HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, parseCacheMode, parseOptions } from './args.ts';
import { findFormat } from './block.ts';
import { ExitStatus, UsageError, type ImgContext } from './context.ts';
import { accumulateOptions, optionHelpLines, parseCreateOptions, toDriverOptions } from './create-opts.ts';
import { imgOpen } from './img-open.ts';
import { makeProgress } from './progress.ts';

export const usage =
  'amend [--object objectdef] [--image-opts] [-p] [-q] [-f fmt] [-t cache] [--force] -o options filename';

const LONGOPTS: LongOption[] = [HELP_OPT, OBJECT_OPT, IMAGE_OPTS_OPT, { name: 'force', hasArg: 'no', val: 'FORCE' }];

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

/** print_amend_option_help(). */
function amendHelp(ctx: ImgContext, fmt: string): number {
  const drv: BlockDriver = findFormat(fmt) ?? fail(ctx, `Unknown file format '${fmt}'`);
  if (!drv.amend) fail(ctx, `Format driver '${fmt}' does not support option amendment`);
  ctx.out(`Amend options for '${fmt}':\n` + optionHelpLines(drv.amendOptions ?? drv.createOptions ?? []));
  return 0;
}

/** Whether the list would be valid creation options (then QEMU hints that it is creation-only). */
function parsesAsCreateOptions(options: string, drv: BlockDriver): boolean {
  try {
    parseCreateOptions(options, drv.createOptions ?? []);
    return true;
  } catch {
    return false;
  }
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let options: string | undefined;
  let fmt: string | undefined;
  let cache = 'writeback';
  let progressWanted = false;
  let quiet = false;
  let imageOpts = false;
  const operands = parseOptions(ctx, argv, ':ho:f:t:pq', LONGOPTS, (r) => {
    if (r.opt === 'o') options = accumulateOptions(ctx, options, r.arg!);
    else if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 't') cache = r.arg!;
    else if (r.opt === 'p') progressWanted = true;
    else if (r.opt === 'q') quiet = true;
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
  });
  if (options === undefined) throw new UsageError('Must specify options (-o)');
  const progress = makeProgress(ctx, progressWanted && !quiet, 1.0);
  try {
    if (fmt !== undefined && hasHelpOption(options)) return amendHelp(ctx, fmt);
    if (operands.length !== 1) fail(ctx, 'Expecting one image file name');
    const cacheMode = parseCacheMode(cache) ?? fail(ctx, `Invalid cache option: ${cache}`);
    const blk = await imgOpen(ctx, { filename: operands[0]!, format: fmt, imageOpts, readOnly: false, cache: cacheMode });
    try {
      const node = blk.root;
      const name = node.driver.formatName;
      if (hasHelpOption(options)) return amendHelp(ctx, name);
      if (!node.driver.amend) fail(ctx, `Format driver '${name}' does not support option amendment`);
      let opts;
      try {
        opts = parseCreateOptions(options, node.driver.amendOptions ?? node.driver.createOptions ?? []);
      } catch (e) {
        if (!(e instanceof OptsError)) throw e;
        ctx.error(e.message);
        if (e.hint) ctx.errRaw(e.hint);
        if (parsesAsCreateOptions(options, node.driver)) ctx.errRaw('This option is only supported for image creation\n');
        throw new ExitStatus(1);
      }
      progress.print(0, 0);
      try {
        await node.driver.amend(node, toDriverOptions(opts), (done, total) => progress.print(Math.fround((100 * done) / total), 0));
      } catch (e) {
        // img_amend() prints the final 100% whether the driver succeeded or not.
        progress.print(100, 0);
        if (e instanceof BlockError) fail(ctx, e.message);
        throw e;
      }
      progress.print(100, 0);
      return 0;
    } finally {
      await blk.close();
    }
  } catch (e) {
    if (e instanceof BlockError) {
      ctx.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    progress.end();
  }
}
