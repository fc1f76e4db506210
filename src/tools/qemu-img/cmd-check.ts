// qemu-img check: run the format's consistency check (optionally repairing) and report it with QEMU's exit statuses.

import type { CheckResult } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { BlockError } from '../../block/errors.ts';
import type { LongOption } from '../../util/getopt.ts';
import {
  FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, OUTPUT_OPT, parseCacheMode, parseOptions, parseOutputFormat,
} from './args.ts';
import { checkExitStatus, checkToHuman, checkToJson, repairSummary, type CheckReport } from './check-report.ts';
import { ExitStatus, UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';
import { toPrettyJson } from './qjson.ts';

export const usage =
  'check [--object objectdef] [--image-opts] [-q] [-f fmt] [--output=ofmt] [-r [leaks | all]] [-T src_cache] [-U] filename';

const LONGOPTS: LongOption[] = [
  HELP_OPT,
  { name: 'format', hasArg: 'required', val: 'f' },
  { name: 'repair', hasArg: 'required', val: 'r' },
  OUTPUT_OPT,
  OBJECT_OPT,
  IMAGE_OPTS_OPT,
  FORCE_SHARE_OPT,
];

type Fix = 'none' | 'leaks' | 'all';

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let fmt: string | undefined;
  let output: string | undefined;
  let fix: Fix = 'none';
  let cache = 'writeback';
  let quiet = false;
  let imageOpts = false;
  let forceShare = false;
  const operands = parseOptions(ctx, argv, ':hf:r:T:qU', LONGOPTS, (r) => {
    if (r.opt === 'f') fmt = r.arg;
    else if (r.opt === 'r') {
      if (r.arg === 'leaks') fix = 'leaks';
      else if (r.arg === 'all') fix = 'all';
      else throw new UsageError(`Unknown option value for -r (expecting 'leaks' or 'all'): ${r.arg}`);
    } else if (r.opt === 'OUTPUT') output = r.arg;
    else if (r.opt === 'T') cache = r.arg!;
    else if (r.opt === 'q') quiet = true;
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'U') forceShare = true;
  });
  if (operands.length !== 1) throw new UsageError('Expecting one image file name');
  const filename = operands[0]!;
  const format = parseOutputFormat(ctx, output);
  const cacheMode = parseCacheMode(cache);
  if (!cacheMode) {
    ctx.error(`Invalid source cache option: ${cache}`);
    return 1;
  }
  const blk = await imgOpen(ctx, { filename, format: fmt, imageOpts, readOnly: fix === 'none', forceShare, cache: cacheMode, check: true });
  try {
    return await checkAndReport(ctx, blk.root, filename, fix, format, quiet);
  } finally {
    await blk.close();
  }
}

async function checkAndReport(
  ctx: ImgContext, node: BlockNode, filename: string, fix: Fix, format: 'human' | 'json', quiet: boolean,
): Promise<number> {
  let result = await runCheck(ctx, node, fix);
  if (result.corruptionsFixed || result.leaksFixed) {
    if (format === 'human' && !quiet) ctx.out(repairSummary(result));
    const { corruptionsFixed, leaksFixed } = result;
    result = { ...(await runCheck(ctx, node, 'none')), corruptionsFixed, leaksFixed };
  }
  const report: CheckReport = { ...result, filename, format: node.driver.formatName };
  if (!quiet) ctx.out(format === 'json' ? toPrettyJson(checkToJson(report)) + '\n' : checkToHuman(report));
  if (result.checkErrors) {
    ctx.error('Check failed');
    return 1;
  }
  return checkExitStatus(result);
}

/** bdrv_check(): "not supported" is QEMU's status 63; a failing check is "Check failed: <strerror>". */
async function runCheck(ctx: ImgContext, node: BlockNode, fix: Fix): Promise<CheckResult> {
  if (!node.driver.check) {
    ctx.error('This image format does not support checks');
    throw new ExitStatus(63);
  }
  try {
    return await node.driver.check(node, fix, (line) => ctx.errRaw(line.endsWith('\n') ? line : line + '\n'));
  } catch (e) {
    if (e instanceof BlockError) {
      if (e.errno === 'ENOTSUP') {
        ctx.error('This image format does not support checks');
        throw new ExitStatus(63);
      }
      ctx.error(`Check failed: ${e.message}`);
      throw new ExitStatus(1);
    }
    throw e;
  }
}
