// qemu-img info: describe an image (and with --backing-chain every image below it), human or json.

import type { LongOption } from '../../util/getopt.ts';
import { FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, OUTPUT_OPT, parseOptions, parseOutputFormat } from './args.ts';
import { BlockError } from '../../block/errors.ts';
import { UsageError, type ImgContext } from './context.ts';
import { imageInfo } from './info-collect.ts';
import { infoToHuman, infoToJson, type ImageInfo } from './info-model.ts';
import { imgOpen } from './img-open.ts';
import { toPrettyJson } from './qjson.ts';

export const usage =
  'info [--object objectdef] [--image-opts] [-f fmt] [--output=ofmt] [--backing-chain] [-U] filename';

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  { name: 'format', hasArg: 'required', val: 'f' },
  OUTPUT_OPT,
  { name: 'backing-chain', hasArg: 'no', val: 'CHAIN' },
  OBJECT_OPT,
  IMAGE_OPTS_OPT,
  FORCE_SHARE_OPT,
];

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let fmt: string | undefined;
  let output: string | undefined;
  let chain = false;
  let imageOpts = false;
  let forceShare = false;
  const operands = parseOptions(ctx, argv, ':f:hU', LONGOPTS, (r) => {
    if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 'OUTPUT') output = r.arg;
    else if (r.opt === 'CHAIN') chain = true;
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'U') forceShare = true;
  });
  if (operands.length !== 1) throw new UsageError('Expecting one image file name');
  const format = parseOutputFormat(ctx, output);
  const infos = await collectChain(ctx, operands[0]!, fmt, imageOpts, chain, forceShare);
  if (format === 'json') {
    ctx.out(toPrettyJson(chain ? infos.map(infoToJson) : infoToJson(infos[0]!)) + '\n');
  } else {
    ctx.out(infos.map(infoToHuman).join('\n'));
  }
  return 0;
}

/** collect_image_info_list(): open each image without its backing file and follow backing names. */
async function collectChain(
  ctx: ImgContext,
  first: string,
  firstFmt: string | undefined,
  firstImageOpts: boolean,
  chain: boolean,
  forceShare: boolean,
): Promise<ImageInfo[]> {
  const seen = new Set<string>();
  const infos: ImageInfo[] = [];
  let filename: string | undefined = first;
  let fmt = firstFmt;
  let imageOpts = firstImageOpts;
  while (filename !== undefined) {
    if (seen.has(filename)) throw new BlockError('EINVAL', `Backing file '${filename}' creates an infinite loop.`);
    seen.add(filename);
    const blk = await imgOpen(ctx, { filename, format: fmt, imageOpts, readOnly: true, forceShare, noBacking: true, noIo: true });
    let info: ImageInfo;
    try {
      info = await imageInfo(blk.root);
    } finally {
      await blk.close();
    }
    infos.push(info);
    filename = undefined;
    fmt = undefined;
    imageOpts = false;
    if (chain) {
      if (info.fullBackingFilename !== undefined) filename = info.fullBackingFilename;
      else if (info.backingFilename !== undefined) {
        throw new BlockError(
          'EINVAL',
          `Could not determine absolute backing filename, but backing filename '${info.backingFilename}' present`,
        );
      }
      fmt = info.backingFilenameFormat;
    }
  }
  return infos;
}
