// qemu-img bitmap: add/remove/clear/enable/disable/merge persistent dirty bitmaps; no format stores them yet, so each action fails as QEMU reports it.

import type { BlockBackend } from '../../block/api.ts';
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
    for (const act of actions) {
      if (act.op === 'merge' && srcFile !== undefined) {
        opened.push(await imgOpen(ctx, { filename: srcFile, format: srcFmt, readOnly: true }));
      }
      const why =
        act.op === 'add'
          ? `Can't store persistent bitmaps to ${blk.root.nodeName}: Operation not supported`
          : `Dirty bitmap '${bitmap}' not found`;
      fail(ctx, `Operation ${act.op} on bitmap ${bitmap} failed: ${why}`);
    }
    return 0;
  } finally {
    for (const b of opened.reverse()) await b.close().catch(() => undefined);
  }
}
