// qemu-img map: the allocation map of an image through its backing chain, human table or json lines.

import type { BlockNode } from '../../block/node.ts';
import { BDRV_BLOCK } from '../../block/driver.ts';
import { nodeBlockStatus } from '../../block/block-status.ts';
import { BlockError } from '../../block/errors.ts';
import { nodeGetLength } from '../../block/io.ts';
import type { LongOption } from '../../util/getopt.ts';
import {
  FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, OUTPUT_OPT, cvtnumBig, parseOptions, parseOutputFormat,
  type OutputFormat,
} from './args.ts';
import { UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';
import { HUMAN_MAP_HEADER, entryMergeable, mapEntryHuman, mapEntryJson, type MapEntry } from './map-render.ts';

export const usage =
  'map [--object objectdef] [--image-opts] [-f fmt] [--start-offset=offset] [--max-length=len] [--output=ofmt] [-U] filename';

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  { name: 'format', hasArg: 'required', val: 'f' },
  OUTPUT_OPT,
  { name: 'start-offset', hasArg: 'required', val: 's' },
  { name: 'max-length', hasArg: 'required', val: 'l' },
  OBJECT_OPT,
  IMAGE_OPTS_OPT,
  FORCE_SHARE_OPT,
];

/** Largest extent asked for in one status query, as QEMU bounds it. */
const MAP_CHUNK = 1 << 30;

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let fmt: string | undefined;
  let output: string | undefined;
  let start = 0n;
  let maxLength: bigint | undefined;
  let imageOpts = false;
  let forceShare = false;
  const operands = parseOptions(ctx, argv, ':f:s:l:hU', LONGOPTS, (r) => {
    if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 'OUTPUT') output = r.arg;
    else if (r.opt === 's') start = cvtnumBig(ctx, 'start offset', r.arg!);
    else if (r.opt === 'l') maxLength = cvtnumBig(ctx, 'max length', r.arg!);
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'U') forceShare = true;
  });
  if (operands.length !== 1) throw new UsageError('Expecting one image file name');
  const filename = operands[0]!;
  const format = parseOutputFormat(ctx, output);
  const blk = await imgOpen(ctx, { filename, format: fmt, imageOpts, readOnly: true, forceShare });
  try {
    return await dumpMap(ctx, blk.root, start, maxLength, format);
  } finally {
    await blk.close();
  }
}

async function dumpMap(ctx: ImgContext, root: BlockNode, startExact: bigint, maxLength: bigint | undefined, format: OutputFormat): Promise<number> {
  ctx.out(format === 'json' ? '[' : HUMAN_MAP_HEADER);
  const start = Number(startExact);
  // QEMU adds a given --max-length to the start as int64: a sum past INT64_MAX wraps negative and nothing is mapped.
  const total = await nodeGetLength(root);
  const length = maxLength === undefined ? total : Math.min(Number(BigInt.asIntN(64, startExact + maxLength)), total);
  let curr: MapEntry = { start, startExact, length: 0, data: false, zero: false, depth: 0, present: false };
  while (curr.start + curr.length < length) {
    const offset = curr.start + curr.length;
    let next: MapEntry;
    try {
      next = await blockStatusEntry(root, offset, Math.min(MAP_CHUNK, length - offset));
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      ctx.error(`Could not read file metadata: ${e.errnoText()}`);
      return 1;
    }
    if (entryMergeable(curr, next)) {
      curr.length += next.length;
      continue;
    }
    if (curr.length > 0 && !dumpEntry(ctx, format, curr, true)) return 1;
    curr = next;
  }
  return dumpEntry(ctx, format, curr, false) ? 0 : 1;
}

function dumpEntry(ctx: ImgContext, format: OutputFormat, e: MapEntry, more: boolean): boolean {
  if (format === 'json') {
    ctx.out(mapEntryJson(e) + (more ? ',\n' : ']\n'));
    return true;
  }
  if (e.data && e.offset === undefined) {
    ctx.error('File contains external, encrypted or compressed clusters.');
    return false;
  }
  ctx.out(mapEntryHuman(e));
  return true;
}

function skipFilters(node: BlockNode): BlockNode {
  let n = node;
  while (n.driver.isFilter && n.children.get('file')) n = n.children.get('file')!;
  return n;
}

/** get_block_status(): the first layer (from the top) that says data or zero, and how deep it is. */
async function blockStatusEntry(root: BlockNode, offset: number, bytes: number): Promise<MapEntry> {
  let node: BlockNode | undefined = root;
  let depth = 0;
  let status = 0;
  let pnum = bytes;
  let map: number | undefined;
  let file: BlockNode | undefined;
  for (;;) {
    node = skipFilters(node);
    const s = await nodeBlockStatus(node, true, offset, pnum);
    status = s.status;
    pnum = s.pnum;
    map = s.map;
    file = s.file;
    if (status & (BDRV_BLOCK.ZERO | BDRV_BLOCK.DATA)) break;
    node = node.children.get('backing');
    if (!node) {
      status = 0;
      break;
    }
    depth++;
  }
  const hasOffset = (status & BDRV_BLOCK.OFFSET_VALID) !== 0;
  return {
    start: offset,
    length: pnum,
    data: (status & BDRV_BLOCK.DATA) !== 0,
    zero: (status & BDRV_BLOCK.ZERO) !== 0,
    offset: hasOffset ? map : undefined,
    depth,
    present: (status & BDRV_BLOCK.ALLOCATED) !== 0,
    filename: file ? file.filename : undefined,
  };
}
