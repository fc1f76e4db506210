// qemu-img convert's command line: options, their QEMU error texts, and the checks made before any image is opened.

import type { LongOption } from '../../util/getopt.ts';
import { FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, cvtnum, parseOptions } from './args.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import { accumulateOptions } from './create-opts.ts';
import { parseSnapshotParam, type SnapshotParam } from './snapshot-load.ts';

/** Most sectors one request may cover for sparse detection (-S upper bound: 16 MiB). */
const MAX_BUF_SECTORS = 32768;
/** -m upper bound. */
export const MAX_COROUTINES = 16;

export interface ConvertArgs {
  fmt?: string;
  outFmt?: string;
  outBase?: string;
  backingFmt?: string;
  options?: string;
  snapshot?: SnapshotParam;
  /** Zero runs of at least this many sectors are not written; 0 writes everything. */
  minSparse: number;
  explicitSparse: boolean;
  compressed: boolean;
  copyRange: boolean;
  progress: boolean;
  quiet: boolean;
  skipCreate: boolean;
  cache: string;
  srcCache: string;
  coroutines: number;
  inOrder: boolean;
  forceShare: boolean;
  imageOpts: boolean;
  targetImageOpts: boolean;
  salvage: boolean;
  targetIsZero: boolean;
  bitmaps: boolean;
  skipBrokenBitmaps: boolean;
  /** Source filenames then, last, the output filename. */
  operands: string[];
}

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  OBJECT_OPT,
  IMAGE_OPTS_OPT,
  { name: 'target-image-opts', hasArg: 'no', val: 'TARGET_IMAGE_OPTS' },
  { name: 'salvage', hasArg: 'no', val: 'SALVAGE' },
  { name: 'target-is-zero', hasArg: 'no', val: 'TARGET_IS_ZERO' },
  { name: 'bitmaps', hasArg: 'no', val: 'BITMAPS' },
  { name: 'skip-broken-bitmaps', hasArg: 'no', val: 'SKIP_BROKEN' },
  FORCE_SHARE_OPT,
];

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

export function parseConvertArgs(ctx: ImgContext, argv: string[]): ConvertArgs {
  const a: ConvertArgs = {
    minSparse: 8, explicitSparse: false, compressed: false, copyRange: false, progress: false, quiet: false,
    skipCreate: false, cache: 'unsafe', srcCache: 'writeback', coroutines: 8, inOrder: true, forceShare: false,
    imageOpts: false, targetImageOpts: false, salvage: false, targetIsZero: false, bitmaps: false,
    skipBrokenBitmaps: false, operands: [],
  };
  a.operands = parseOptions(ctx, argv, ':hf:O:B:CcF:o:l:S:pt:T:qnm:WUr:', LONGOPTS, (r) => {
    const arg = r.arg!;
    switch (r.opt) {
      case 'f': a.fmt = arg; break;
      case 'O': a.outFmt = arg; break;
      case 'B': a.outBase = arg; break;
      case 'C': a.copyRange = true; break;
      case 'c': a.compressed = true; break;
      case 'F': a.backingFmt = arg; break;
      case 'o': a.options = accumulateOptions(ctx, a.options, arg); break;
      case 'l': a.snapshot = parseSnapshotParam(ctx, arg); break;
      case 'S': a.minSparse = parseSparse(ctx, arg); a.explicitSparse = true; break;
      case 'p': a.progress = true; break;
      case 't': a.cache = arg; break;
      case 'T': a.srcCache = arg; break;
      case 'q': a.quiet = true; break;
      case 'n': a.skipCreate = true; break;
      case 'm': a.coroutines = parseCoroutines(ctx, arg); break;
      case 'W': a.inOrder = false; break;
      case 'U': a.forceShare = true; break;
      case 'r': cvtnum(ctx, 'rate limit', arg); break;
      case 'IMAGE_OPTS': a.imageOpts = true; break;
      case 'TARGET_IMAGE_OPTS': a.targetImageOpts = true; break;
      case 'SALVAGE': a.salvage = true; break;
      case 'TARGET_IS_ZERO': a.targetIsZero = true; break;
      case 'BITMAPS': a.bitmaps = true; break;
      case 'SKIP_BROKEN': a.skipBrokenBitmaps = true; break;
    }
  });
  if (a.outFmt === undefined && !a.targetImageOpts) a.outFmt = 'raw';
  if (a.skipBrokenBitmaps && !a.bitmaps) fail(ctx, 'Use of --skip-broken-bitmaps requires --bitmaps');
  if (a.compressed && a.copyRange) fail(ctx, 'Cannot enable copy offloading when -c is used');
  if (a.explicitSparse && a.copyRange) fail(ctx, 'Cannot enable copy offloading when -S is used');
  if (a.copyRange && a.salvage) fail(ctx, 'Cannot use copy offloading in salvaging mode');
  if (a.targetImageOpts && !a.skipCreate) fail(ctx, '--target-image-opts requires use of -n flag');
  if (a.skipCreate && a.options !== undefined) fail(ctx, '-o has no effect when skipping image creation');
  if (a.targetIsZero && !a.skipCreate) fail(ctx, '--target-is-zero requires use of -n flag');
  return a;
}

function parseSparse(ctx: ImgContext, text: string): number {
  const v = cvtnum(ctx, 'buffer size for sparse output', text);
  if (v % 512 !== 0 || v / 512 > MAX_BUF_SECTORS) {
    fail(
      ctx,
      `Invalid buffer size for sparse output specified. Valid sizes are multiples of 512 up to ${MAX_BUF_SECTORS * 512}. ` +
        'Select 0 to disable sparse detection (fully allocates output).',
    );
  }
  return v / 512;
}

/** qemu_strtol(base 0) in [1, MAX_COROUTINES]. */
function parseCoroutines(ctx: ImgContext, text: string): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  let n = NaN;
  if (m) {
    const body = m[2]!;
    n = body.startsWith('0x') || body.startsWith('0X') ? parseInt(body, 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : parseInt(body, 10);
    if (m[1] === '-') n = -n;
  }
  if (!(n >= 1 && n <= MAX_COROUTINES)) {
    fail(ctx, `Invalid number of coroutines. Allowed number of coroutines is between 1 and ${MAX_COROUTINES}`);
  }
  return n;
}
