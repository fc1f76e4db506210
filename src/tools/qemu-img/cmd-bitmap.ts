// qemu-img bitmap: add/remove/clear/enable/disable/merge persistent dirty bitmaps, one or more actions in one call.

import type { BlockBackend } from '../../block/api.ts';
import { addBitmap, clearBitmap, enableBitmap, mergeBitmap, removeBitmap } from '../../block/bitmap-qmp.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import type { LongOption } from '../../util/getopt.ts';
import { HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, cvtnum, parseOptions } from './args.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';

export const usage =
  'bitmap (--merge SOURCE | --add | --remove | --clear | --enable | --disable)... [-b source_file [-F source_fmt]] [-g granularity] [--object objectdef] [--image-opts | -f fmt] filename bitmap';

type Op = 'add' | 'remove' | 'clear' | 'enable' | 'disable' | 'merge';

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  OBJECT_OPT,
  IMAGE_OPTS_OPT,
  { name: 'add', hasArg: 'no', val: 'add' },
  { name: 'remove', hasArg: 'no', val: 'remove' },
  { name: 'clear', hasArg: 'no', val: 'clear' },
  { name: 'enable', hasArg: 'no', val: 'enable' },
  { name: 'disable', hasArg: 'no', val: 'disable' },
  { name: 'merge', hasArg: 'required', val: 'merge' },
];

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  const actions: { op: Op; src?: string }[] = [];
  let fmt: string | undefined;
  let srcFile: string | undefined;
  let srcFmt: string | undefined;
  let granularity = 0;
  let imageOpts = false;
  const operands = parseOptions(ctx, argv, ':b:f:F:g:h', LONGOPTS, (r) => {
    if (r.opt === 'b') srcFile = r.arg;
    else if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 'F') srcFmt = r.arg;
    else if (r.opt === 'g') granularity = cvtnum(ctx, 'granularity', r.arg!);
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'merge') actions.push({ op: 'merge', src: r.arg });
    else actions.push({ op: r.opt as Op });
  });
  if (actions.length === 0) fail(ctx, 'Need at least one of --add, --remove, --clear, --enable, --disable, or --merge');
  if (granularity && !actions.some((a) => a.op === 'add')) fail(ctx, 'granularity only supported with --add');
  if (srcFmt !== undefined && srcFile === undefined) fail(ctx, '-F only supported with -b');
  if (srcFile !== undefined && !actions.some((a) => a.op === 'merge')) {
    fail(ctx, 'Merge bitmap source file only supported with --merge');
  }
  if (operands.length !== 2) fail(ctx, 'Expecting filename and bitmap name');
  const [filename, bitmap] = operands as [string, string];
  const opened: BlockBackend[] = [];
  try {
    const blk = await imgOpen(ctx, { filename, format: fmt, imageOpts, readOnly: false });
    opened.push(blk);
    const node = blk.root;
    let srcNode = node;
    if (srcFile !== undefined) {
      const src = await imgOpen(ctx, { filename: srcFile, format: srcFmt, readOnly: true });
      opened.push(src);
      srcNode = src.root;
    }
    for (const act of actions) {
      try {
        await apply(act, node, bitmap, srcNode, granularity);
      } catch (e) {
        if (!(e instanceof BlockError)) throw e;
        fail(ctx, `Operation ${act.op} on bitmap ${bitmap} failed: ${e.message}`);
      }
    }
    return 0;
  } finally {
    for (const b of opened.reverse()) await b.close().catch(() => undefined);
  }
}

/** One action, through the QMP-level operations QEMU's img_bitmap calls. */
async function apply(act: { op: Op; src?: string }, node: BlockNode, bitmap: string, srcNode: BlockNode, granularity: number | undefined): Promise<void> {
  switch (act.op) {
    case 'add':
      return addBitmap(node, bitmap, { granularity: granularity || undefined, persistent: true, disabled: false });
    case 'remove':
      return removeBitmap(node, bitmap);
    case 'clear':
      return clearBitmap(node, bitmap);
    case 'enable':
    case 'disable':
      return enableBitmap(node, bitmap, act.op === 'enable');
    case 'merge':
      return mergeBitmap(node, bitmap, srcNode, act.src!);
  }
}
