// qemu-img measure: how large a new image of a format would be, for a given size or for converting an image.

import type { BlockBackend } from '../../block/api.ts';
import type { BlockDriver, MeasureInfo } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { BlockError } from '../../block/errors.ts';
import { nodeGetLength } from '../../block/io.ts';
import type { LongOption } from '../../util/getopt.ts';
import { OptsError } from '../../util/qemu-opts.ts';
import { FORCE_SHARE_OPT, HELP_OPT, HelpRequest, IMAGE_OPTS_OPT, OBJECT_OPT, OUTPUT_OPT, cvtnum } from './args.ts';
import { getopt } from '../../util/getopt.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import { accumulateOptions, parseCreateOptions, toDriverOptions } from './create-opts.ts';
import { findFormat, findProtocol } from './block.ts';
import { mergeCreateOptions } from './create-opts.ts';
import { imgOpen } from './img-open.ts';
import { toPrettyJson } from './qjson.ts';
import { loadSnapshot, parseSnapshotParam, type SnapshotParam } from './snapshot-load.ts';
import { processObject } from './object.ts';

export const usage =
  'measure [--output=ofmt] [-O output_fmt] [-o options] [--size N | [--object objectdef] [--image-opts] [-f fmt] [-l snapshot_param] filename]';

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  IMAGE_OPTS_OPT,
  OBJECT_OPT,
  OUTPUT_OPT,
  { name: 'size', hasArg: 'required', val: 'SIZE' },
  FORCE_SHARE_OPT,
];

const SECTOR = 512;

/** raw's measure (until the raw driver provides one): unallocated sectors count, so both figures are the size. */
async function rawMeasure(options: Map<string, string>, source: BlockNode | undefined): Promise<MeasureInfo> {
  let required: number;
  if (source) required = await nodeGetLength(source);
  else required = Math.ceil(Number(options.get('size') ?? '0') / SECTOR) * SECTOR;
  return { required, fullyAllocated: required };
}

interface MeasureArgs {
  fmt?: string;
  outFmt: string;
  options?: string;
  size?: number;
  json: boolean;
  imageOpts: boolean;
  forceShare: boolean;
  snapshot?: SnapshotParam;
  operands: string[];
}

/** measure uses plain getopt error reporting: glibc's message, then the help text, exit 0. */
function parseArgs(ctx: ImgContext, argv: string[]): MeasureArgs {
  const a: MeasureArgs = { outFmt: 'raw', json: false, imageOpts: false, forceShare: false, operands: [] };
  const g = getopt(argv, 'hf:o:l:O:U', LONGOPTS);
  for (let r = g.next(); r; r = g.next()) {
    if (r.opt === '?' || r.opt === 'h') {
      if (r.error) ctx.errRaw(`${argv[0]}: ${r.error}\n`);
      throw new HelpRequest();
    }
    if (r.opt === 'OBJECT') processObject(ctx, r.arg!);
    else if (r.opt === 'f') a.fmt = r.arg;
    else if (r.opt === 'O') a.outFmt = r.arg!;
    else if (r.opt === 'o') a.options = accumulateOptions(ctx, a.options, r.arg!);
    else if (r.opt === 'l') a.snapshot = parseSnapshotParam(ctx, r.arg!);
    else if (r.opt === 'U') a.forceShare = true;
    else if (r.opt === 'IMAGE_OPTS') a.imageOpts = true;
    else if (r.opt === 'SIZE') a.size = cvtnum(ctx, 'image size', r.arg!);
    else if (r.opt === 'OUTPUT') {
      if (r.arg === 'json') a.json = true;
      else if (r.arg === 'human') a.json = false;
      else fail(ctx, '--output must be used with human or json as argument.');
    }
  }
  a.operands = g.argv.slice(g.optind);
  return a;
}

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  const a = parseArgs(ctx, argv);
  if (a.operands.length > 1) fail(ctx, 'At most one filename argument is allowed.');
  const filename = a.operands[0];
  if (filename === undefined && (a.imageOpts || a.fmt !== undefined || a.snapshot !== undefined)) {
    fail(ctx, '--image-opts, -f, and -l require a filename argument.');
  }
  if (filename !== undefined && a.size !== undefined) fail(ctx, '--size N cannot be used together with a filename.');
  if (filename === undefined && a.size === undefined) fail(ctx, 'Either --size N or one filename must be specified.');
  let blk: BlockBackend | undefined;
  try {
    if (filename !== undefined) {
      blk = await imgOpen(ctx, { filename, format: a.fmt, imageOpts: a.imageOpts, readOnly: true, forceShare: a.forceShare });
      if (a.snapshot !== undefined) await loadSnapshot(ctx, blk.root, a.snapshot);
    }
    const info = await measure(ctx, a, blk?.root);
    // Past 2^53 a double prints as its shortest decimal; QEMU prints the integer itself.
    const exact = (n: number): bigint => BigInt(Math.trunc(n));
    if (a.json) {
      ctx.out(toPrettyJson({ required: exact(info.required), 'fully-allocated': exact(info.fullyAllocated), bitmaps: info.bitmaps }) + '\n');
    } else {
      let out = `required size: ${exact(info.required)}\nfully allocated size: ${exact(info.fullyAllocated)}\n`;
      if (info.bitmaps !== undefined) out += `bitmaps size: ${info.bitmaps}\n`;
      ctx.out(out);
    }
    return 0;
  } finally {
    await blk?.close();
  }
}

async function measure(ctx: ImgContext, a: MeasureArgs, source: BlockNode | undefined): Promise<MeasureInfo> {
  const drv: BlockDriver | undefined = findFormat(a.outFmt);
  if (!drv) fail(ctx, `Unknown file format '${a.outFmt}'`);
  if (!drv.createOptions) fail(ctx, `Format driver '${drv.formatName}' does not support image creation`);
  const descs = mergeCreateOptions(drv, findProtocol('file'));
  let opts;
  try {
    opts = parseCreateOptions(a.options, descs);
  } catch (e) {
    if (!(e instanceof OptsError)) throw e;
    ctx.error(e.message);
    if (e.hint) ctx.errRaw(e.hint);
    fail(ctx, `Invalid options for file format '${a.outFmt}'`);
  }
  const options = toDriverOptions(opts);
  if (a.size !== undefined) options.set('size', String(a.size));
  const fn = drv.measure?.bind(drv) ?? (drv.formatName === 'raw' ? rawMeasure : undefined);
  if (!fn) fail(ctx, `Block driver '${drv.formatName}' does not support size measurement`);
  try {
    return await fn(options, source);
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    fail(ctx, e.message);
  }
}
