// qemu-img resize: grow or (with --shrink) shrink an image to an absolute or +/- relative size.

import type { PreallocMode } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import { offsetLimitError } from '../../block/limits.ts';
import type { LongOption } from '../../util/getopt.ts';
import { SIZE_HINT } from '../../util/qemu-opts.ts';
import { HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, parseOptions, strtosz } from './args.ts';
import { ExitStatus, UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';

export const usage =
  'resize [--object objectdef] [--image-opts] [-f fmt] [--preallocation=prealloc] [-q] [--shrink] filename [+ | -]size';

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  OBJECT_OPT,
  IMAGE_OPTS_OPT,
  { name: 'preallocation', hasArg: 'required', val: 'PREALLOC' },
  { name: 'shrink', hasArg: 'no', val: 'SHRINK' },
];

const PREALLOC_MODES: readonly PreallocMode[] = ['off', 'metadata', 'falloc', 'full'];

/** The size operand as a QemuOpts size ("Parameter 'size' expects ..."), or undefined after printing the error. */
function parseResizeSize(ctx: ImgContext, text: string): bigint | undefined {
  const r = strtosz(ctx, text);
  if ('value' in r) return r.value;
  if (r.error === 'ERANGE') ctx.error(`Value '${text}' is out of range for parameter 'size'`);
  else {
    ctx.error("Parameter 'size' expects a non-negative number below 2^64");
    ctx.errRaw(SIZE_HINT);
  }
  return undefined;
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  // The size is taken off the end first so that "-1G" is not read as an option.
  if (argv.length < 3) throw new UsageError('Not enough arguments');
  let sizeText = argv[argv.length - 1]!;
  let fmt: string | undefined;
  let quiet = false;
  let imageOpts = false;
  let shrink = false;
  let prealloc: PreallocMode = 'off';
  const operands = parseOptions(ctx, argv.slice(0, -1), ':f:hq', LONGOPTS, (r) => {
    if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 'q') quiet = true;
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'SHRINK') shrink = true;
    else if (r.opt === 'PREALLOC') {
      if (!PREALLOC_MODES.includes(r.arg as PreallocMode)) {
        ctx.error(`Invalid preallocation mode '${r.arg}'`);
        throw new ExitStatus(1);
      }
      prealloc = r.arg as PreallocMode;
    }
  });
  if (operands.length !== 1) throw new UsageError('Expecting image file name and size');
  const filename = operands[0]!;
  let relative = 0n;
  if (sizeText.startsWith('+')) relative = 1n;
  else if (sizeText.startsWith('-')) relative = -1n;
  if (relative !== 0n) sizeText = sizeText.slice(1);
  const n = parseResizeSize(ctx, sizeText);
  if (n === undefined) return 1;
  const blk = await imgOpen(ctx, { filename, format: fmt, imageOpts, readOnly: false });
  try {
    const current = BigInt(await blk.getLength());
    const total = relative !== 0n ? BigInt.asIntN(64, current + n * relative) : BigInt.asIntN(64, n);
    if (total <= 0n) {
      ctx.error('New image size must be positive');
      return 1;
    }
    if (total <= current && prealloc !== 'off') {
      ctx.error('Preallocation can only be used for growing images');
      return 1;
    }
    if (total < current && !shrink) {
      ctx.error('Use the --shrink option to perform a shrink operation.');
      ctx.warn(
        "Shrinking an image will delete all data beyond the shrunken image's end. Before performing such an operation, make sure there is no important data there.",
      );
      return 1;
    }
    const tooLarge = offsetLimitError(total);
    if (tooLarge !== undefined) {
      ctx.error(tooLarge);
      return 1;
    }
    try {
      await blk.truncate(Number(total), false, prealloc);
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      ctx.error(e.message);
      return 1;
    }
    if (!quiet) ctx.out('Image resized.\n');
    return 0;
  } finally {
    await blk.close();
  }
}
