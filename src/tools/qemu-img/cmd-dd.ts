// qemu-img dd: copy bs-sized blocks (with count= and skip=) from an image into a newly created one.

import type { BlockBackend } from '../../block/api.ts';
import { BlockError } from '../../block/errors.ts';
import type { LongOption } from '../../util/getopt.ts';
import { FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, INT64_MAX, OBJECT_OPT, cvtnumBig, parseOptions } from './args.ts';
import { createContext, findFormat, findProtocol } from './block.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import { mergeCreateOptions, toDriverOptions } from './create-opts.ts';
import { parseTyped, type TypedOpt } from '../../util/qemu-opts.ts';
import { imgOpen } from './img-open.ts';

export const usage =
  'dd [--image-opts] [-U] [-f fmt] [-O output_fmt] [bs=block_size] [count=blocks] [skip=blocks] if=input of=output';

const LONGOPTS: LongOption[] = [HELP_OPT, OBJECT_OPT, IMAGE_OPTS_OPT, FORCE_SHARE_OPT];

const INT_MAX = 2147483647n;

interface DdOperands {
  bs: bigint;
  count?: bigint;
  skip?: bigint;
  input?: string;
  output?: string;
}

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

function parseOperands(ctx: ImgContext, operands: string[]): DdOperands {
  const d: DdOperands = { bs: 512n };
  for (const arg of operands) {
    const eq = arg.indexOf('=');
    if (eq < 0) fail(ctx, `unrecognized operand ${arg}`);
    const key = arg.slice(0, eq);
    const value = arg.slice(eq + 1);
    if (key === 'bs') d.bs = cvtnumBig(ctx, 'bs', value, 1n, INT_MAX);
    else if (key === 'count') d.count = cvtnumBig(ctx, 'count', value);
    else if (key === 'if') d.input = value;
    else if (key === 'of') d.output = value;
    else if (key === 'skip') d.skip = cvtnumBig(ctx, 'skip', value);
    else fail(ctx, `unrecognized operand ${key}`);
  }
  return d;
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let fmt: string | undefined;
  let outFmt = 'raw';
  let imageOpts = false;
  let forceShare = false;
  const operands = parseOptions(ctx, argv, ':hf:O:U', LONGOPTS, (r) => {
    if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 'O') outFmt = r.arg!;
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'U') forceShare = true;
  });
  const d = parseOperands(ctx, operands);
  if (d.input === undefined || d.output === undefined) fail(ctx, 'Must specify both input and output files');
  const opened: BlockBackend[] = [];
  try {
    const src = await imgOpen(ctx, { filename: d.input, format: fmt, imageOpts, readOnly: true, forceShare });
    opened.push(src);
    return await copy(ctx, d as Required<Pick<DdOperands, 'input' | 'output'>> & DdOperands, outFmt, src, opened);
  } catch (e) {
    if (e instanceof BlockError) fail(ctx, e.message);
    throw e;
  } finally {
    for (const blk of opened.reverse()) await blk.close().catch(() => undefined);
  }
}

async function copy(
  ctx: ImgContext, d: DdOperands & { input: string; output: string }, outFmt: string, src: BlockBackend, opened: BlockBackend[],
): Promise<number> {
  const drv = findFormat(outFmt) ?? fail(ctx, 'Unknown file format');
  const proto = findProtocol(d.output);
  if (!drv.createOptions || !drv.create) fail(ctx, `Format driver '${drv.formatName}' does not support image creation`);
  if (!proto.createOptions) fail(ctx, `Protocol driver '${proto.formatName}' does not support image creation`);
  let size = BigInt(await src.getLength());
  if (d.count !== undefined && d.count <= INT64_MAX / d.bs && d.count * d.bs < size) size = d.count * d.bs;
  const skipPastEnd = d.skip !== undefined && (d.skip > INT64_MAX / d.bs || size < d.bs * d.skip);
  const skipBytes = d.skip === undefined ? 0n : d.skip * d.bs;
  const descs = mergeCreateOptions(drv, proto);
  const opts = new Map<string, TypedOpt>();
  opts.set('size', parseTyped(descs.find((o) => o.name === 'size')!, String(skipPastEnd ? 0n : size - skipBytes)));
  try {
    await drv.create(d.output, toDriverOptions(opts), createContext(ctx));
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    fail(ctx, `${d.output}: error while creating output image: ${e.message}`);
  }
  const dst = await imgOpen(ctx, { filename: d.output, format: outFmt, readOnly: false });
  opened.push(dst);
  let inPos: bigint;
  if (skipPastEnd) {
    ctx.error(`${d.input}: cannot skip to specified offset`);
    inPos = size;
  } else inPos = skipBytes;
  let outPos = 0;
  while (inPos < size) {
    const bytes = Number(inPos + d.bs > size ? size - inPos : d.bs);
    let buf: Uint8Array;
    try {
      buf = await src.read(Number(inPos), bytes);
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      fail(ctx, `error while reading from input image file: ${e.errnoText()}`);
    }
    inPos += BigInt(bytes);
    try {
      await dst.write(outPos, buf);
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      fail(ctx, `error while writing to output image file: ${e.errnoText()}`);
    }
    outPos += bytes;
  }
  return 0;
}
