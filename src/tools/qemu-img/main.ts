// qemu-img's entry point: global options (-h, -V, -T), subcommand dispatch, and turning errors into QEMU's texts and statuses.

import { BlockError, FatalBlockError } from '../../block/errors.ts';
import type { ToolIO } from '../io.ts';
import type { LongOption } from '../../util/getopt.ts';
import { OptsError } from '../../util/qemu-opts.ts';
import { HelpRequest, parseOptions, printHelp } from './args.ts';
import { COMMANDS } from './commands.ts';
import { ExitStatus, UsageError, makeContext, type ImgContext } from './context.ts';
import { VERSION_TEXT } from './help.ts';
import { formatNames } from './block.ts';
import { traceHelpText, traceOption } from '../qemu-io/trace.ts';

const GLOBAL_LONGOPTS: LongOption[] = [
  { name: 'help', hasArg: 'no', val: 'h' },
  { name: 'version', hasArg: 'no', val: 'V' },
  { name: 'trace', hasArg: 'required', val: 'T' },
];

/** -T: the same trace events and checks as qemu-io's; `help` lists them and exits 0. */
function checkTrace(ctx: ImgContext, arg: string): void {
  const r = traceOption(arg, ctx.io.cwd, (m, loc) =>
    loc === undefined ? ctx.warn(m) : ctx.errRaw(`qemu-img:${loc}: warning: ${m}\n`), 'qemu-img');
  if (r.kind === 'help') {
    ctx.out(traceHelpText());
    throw new ExitStatus(0);
  }
  if (r.kind === 'fail') {
    ctx.errRaw(r.text);
    throw new ExitStatus(1);
  }
}

async function dispatch(ctx: ImgContext, argv: string[]): Promise<number> {
  let version = false;
  const rest = parseOptions(ctx, ['qemu-img', ...argv], '+:hVT:', GLOBAL_LONGOPTS, (r) => {
    if (r.opt === 'V') version = true;
    else if (r.opt === 'T') checkTrace(ctx, r.arg!);
  });
  if (version) {
    ctx.out(VERSION_TEXT);
    return 0;
  }
  if (rest.length === 0) throw new UsageError('Not enough arguments');
  const name = rest[0]!;
  const load = COMMANDS.get(name);
  if (!load) throw new UsageError(`Command not found: ${name}`);
  const cmd = await load();
  return cmd.run(ctx, rest);
}

/** The ToolMain of qemu-img. */
export async function main(argv: string[], io: ToolIO): Promise<number> {
  const ctx = makeContext(io, formatNames);
  try {
    return await dispatch(ctx, argv);
  } catch (e) {
    return reportFailure(ctx, e);
  } finally {
    // exit() flushes stdio last: whatever stdout held comes after every error message.
    ctx.flushOut();
  }
}

/** Map what a command threw to QEMU's output and exit status. */
function reportFailure(ctx: ImgContext, e: unknown): number {
  if (e instanceof ExitStatus) return e.status;
  if (e instanceof HelpRequest) {
    printHelp(ctx);
    return 0;
  }
  if (e instanceof UsageError) {
    ctx.error(e.message);
    ctx.errRaw("Try 'qemu-img --help' for more information\n");
    return 1;
  }
  if (e instanceof FatalBlockError) {
    ctx.errRaw(e.message.endsWith('\n') ? e.message : e.message + '\n');
    return e.exitCode;
  }
  if (e instanceof BlockError) {
    ctx.error(e.message);
    return 1;
  }
  if (e instanceof OptsError) {
    ctx.error(e.message);
    if (e.hint) ctx.errRaw(e.hint);
    return 1;
  }
  const err = e as Error;
  ctx.error(`internal error: ${err?.message ?? String(e)}`);
  return 1;
}
