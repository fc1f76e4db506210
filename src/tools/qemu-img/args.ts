// Command-line helpers shared by the subcommands: QEMU's getopt error texts, cvtnum, --output and cache-mode checks.

import { getopt, type GetoptResult, type LongOption } from '../../util/getopt.ts';
import { parseSize } from '../../util/size.ts';
import { hexSuffixBeforeFailure } from '../qemu-io/cvtnum.ts';
import { ExitStatus, UsageError, type ImgContext } from './context.ts';
import { helpText } from './help.ts';
import { processObject } from './object.ts';

export const INT64_MAX = (1n << 63n) - 1n;

/** Thrown by 'h' (and by measure's glibc errors): main prints the help text and exits 0. */
export class HelpRequest extends Error {
  constructor() {
    super('help');
    this.name = 'HelpRequest';
  }
}

/**
 * Run getopt over `argv` (argv[0] is the subcommand name) and hand each option to `handle`.
 * '?' and ':' become QEMU's "unrecognized option" / "missing argument" usage errors naming the
 * offending word; 'h' asks for help. Returns the operands.
 */
export function parseOptions(
  ctx: ImgContext,
  argv: readonly string[],
  optstring: string,
  longopts: readonly LongOption[],
  handle: (r: GetoptResult) => void,
): string[] {
  const g = getopt(argv, optstring, longopts);
  for (let r = g.next(); r; r = g.next()) {
    if (r.opt === '?') throw new UsageError(`unrecognized option '${g.argv[g.optind - 1]}'`);
    if (r.opt === ':') throw new UsageError(`missing argument for option '${g.argv[g.optind - 1]}'`);
    if (r.opt === 'h') throw new HelpRequest();
    if (r.opt === 'OBJECT') processObject(ctx, r.arg!);
    handle(r);
  }
  return g.argv.slice(g.optind);
}

/** Print the help text (what QEMU's help() does before exit(0)). */
export function printHelp(ctx: ImgContext): void {
  ctx.out(helpText(ctx.formatNames()));
}

/** qemu_strtosz() plus its deprecation warning; undefined when the text is not a size. */
export function strtosz(ctx: ImgContext, text: string): { value: bigint } | { error: 'EINVAL' | 'ERANGE' } {
  const r = parseSize(text);
  if (!r.ok && hexSuffixBeforeFailure(text)) ctx.warn(`Using a multiplier suffix on hex numbers is deprecated: ${text}`);
  if (!r.ok) return { error: r.error };
  if (r.hexSuffixWarning) ctx.warn(`Using a multiplier suffix on hex numbers is deprecated: ${text}`);
  return { value: r.value };
}

/** QEMU's cvtnum_full(): a size in [min, max] or the two-line "Invalid <name> specified" error, then exit 1. */
export function cvtnum(ctx: ImgContext, name: string, text: string, min = 0n, max = INT64_MAX): number {
  return Number(cvtnumBig(ctx, name, text, min, max));
}

/** cvtnum() keeping all 64 bits (image sizes near 2^63 must print exactly). */
export function cvtnumBig(ctx: ImgContext, name: string, text: string, min = 0n, max = INT64_MAX): bigint {
  const r = strtosz(ctx, text);
  if ('error' in r && r.error !== 'ERANGE') {
    ctx.error(`Invalid ${name} specified. You may use k, M, G, T, P or E suffixes for`);
    ctx.error('kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.');
    throw new ExitStatus(1);
  }
  if ('error' in r || r.value > max || r.value < min) {
    ctx.error(`Invalid ${name} specified. Must be between ${min} and ${max}.`);
    throw new ExitStatus(1);
  }
  return r.value;
}

export type OutputFormat = 'human' | 'json';

/** --output=human|json, else QEMU's error and exit 1. */
export function parseOutputFormat(ctx: ImgContext, text: string | undefined): OutputFormat {
  if (text === undefined || text === 'human') return 'human';
  if (text === 'json') return 'json';
  ctx.error('--output must be used with human or json as argument.');
  throw new ExitStatus(1);
}

export interface CacheMode {
  direct: boolean;
  noFlush: boolean;
  writethrough: boolean;
}

/** bdrv_parse_cache_mode(): the cache modes -t/-T accept; undefined for an unknown one. */
export function parseCacheMode(mode: string): CacheMode | undefined {
  switch (mode) {
    case 'off':
    case 'none':
      return { direct: true, noFlush: false, writethrough: false };
    case 'directsync':
      return { direct: true, noFlush: false, writethrough: true };
    case 'writeback':
      return { direct: false, noFlush: false, writethrough: false };
    case 'unsafe':
      return { direct: false, noFlush: true, writethrough: false };
    case 'writethrough':
      return { direct: false, noFlush: false, writethrough: true };
    default:
      return undefined;
  }
}

/** Long options most subcommands share. */
export const OBJECT_OPT: LongOption = { name: 'object', hasArg: 'required', val: 'OBJECT' };
export const IMAGE_OPTS_OPT: LongOption = { name: 'image-opts', hasArg: 'no', val: 'IMAGE_OPTS' };
export const HELP_OPT: LongOption = { name: 'help', hasArg: 'no', val: 'h' };
export const FORCE_SHARE_OPT: LongOption = { name: 'force-share', hasArg: 'no', val: 'U' };
export const OUTPUT_OPT: LongOption = { name: 'output', hasArg: 'required', val: 'OUTPUT' };

/** qemu_strtol/strtoul with base 0 over the whole string ("0x10", "010", "16"); undefined when malformed. */
export function strtolBase0(text: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const body = m[2]!;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) n = parseInt(body, 8);
  else n = parseInt(body, 10);
  return m[1] === '-' ? -n : n;
}
