// qemu-img create: make a new image of a format (bdrv_img_create), printing QEMU's "Formatting ..." line.

import type { LongOption } from '../../util/getopt.ts';
import { hasHelpOption } from '../../util/qemu-opts.ts';
import { HELP_OPT, OBJECT_OPT, cvtnumBig, parseOptions } from './args.ts';
import { UsageError, type ImgContext } from './context.ts';
import { accumulateOptions, printCreateHelp } from './create-opts.ts';
import { findFormat, findProtocol } from './block.ts';
import { imgCreate, reportCreateError } from './img-create.ts';

export const usage =
  'create [--object objectdef] [-q] [-f fmt] [-b backing_file [-F backing_fmt]] [-u] [-o options] filename [size]';

const LONGOPTS: LongOption[] = [HELP_OPT, OBJECT_OPT];

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let fmt = 'raw';
  let baseFilename: string | undefined;
  let baseFmt: string | undefined;
  let options: string | undefined;
  let quiet = false;
  let noBacking = false;
  const operands = parseOptions(ctx, argv, ':F:b:f:ho:qu', LONGOPTS, (r) => {
    if (r.opt === 'F') baseFmt = r.arg;
    else if (r.opt === 'b') baseFilename = r.arg;
    else if (r.opt === 'f') fmt = r.arg!;
    else if (r.opt === 'o') options = accumulateOptions(ctx, options, r.arg!);
    else if (r.opt === 'q') quiet = true;
    else if (r.opt === 'u') noBacking = true;
  });
  const filename = operands[0];
  if (options !== undefined && hasHelpOption(options)) return printOptionHelp(ctx, fmt, filename);
  if (filename === undefined) throw new UsageError('Expecting image file name');
  let size: bigint | undefined;
  if (operands.length > 1) size = cvtnumBig(ctx, 'image size', operands[1]!);
  if (operands.length > 2) throw new UsageError(`Unexpected argument: ${operands[2]}`);
  try {
    await imgCreate(ctx, { filename, fmt, baseFilename, baseFmt, options, size, noBacking, quiet });
  } catch (e) {
    return reportCreateError(ctx, filename, e);
  }
  return 0;
}

/** print_block_option_help(): list the creation options of the format (and of the protocol when a filename is given). */
export function printOptionHelp(ctx: ImgContext, fmt: string, filename: string | undefined): number {
  const drv = findFormat(fmt);
  if (!drv) {
    ctx.error(`Unknown file format '${fmt}'`);
    return 1;
  }
  if (!drv.createOptions) {
    ctx.error(`Format driver '${fmt}' does not support image creation`);
    return 1;
  }
  let proto;
  if (filename !== undefined) {
    try {
      proto = findProtocol(filename);
    } catch (e) {
      return reportCreateError(ctx, undefined, e);
    }
    if (!proto.createOptions) {
      ctx.error(`Protocol '${proto.formatName}' does not support image creation`);
      return 1;
    }
  }
  printCreateHelp(ctx, drv, fmt, proto);
  return 0;
}
