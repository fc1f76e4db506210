// Creation options as qemu-img handles them: the merged format+protocol list, -o accumulation, -o help and the "Formatting" line.

import type { BlockDriver, CreateOptionSpec } from '../../block/driver.ts';
import { isValidOptionList, printOpts, splitOpts, validateOpts, type TypedOpt } from '../../util/qemu-opts.ts';
import { ExitStatus, type ImgContext } from './context.ts';

/** accumulate_options(): join repeated -o values with ',', refusing malformed lists. */
export function accumulateOptions(ctx: ImgContext, acc: string | undefined, optarg: string): string {
  if (!isValidOptionList(optarg)) {
    ctx.error(`Invalid option list: ${optarg}`);
    throw new ExitStatus(1);
  }
  return acc === undefined ? optarg : `${acc},${optarg}`;
}

/** qemu_opts_append(): the format's options, then the protocol's that the format does not already have. */
export function mergeCreateOptions(format: BlockDriver, protocol?: BlockDriver): CreateOptionSpec[] {
  const out = [...(format.createOptions ?? [])];
  for (const o of protocol?.createOptions ?? []) if (!out.some((e) => e.name === o.name)) out.push(o);
  return out;
}

const TYPE_NAMES: Record<CreateOptionSpec['type'], string> = {
  size: '<size>',
  string: '<str>',
  bool: '<bool (on/off)>',
  number: '<num>',
};

/** qemu_opts_print_help(): one line per option, sorted by name. */
export function optionHelpLines(opts: readonly CreateOptionSpec[]): string {
  return [...opts]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((o) => `${`  ${o.name}=${TYPE_NAMES[o.type]}`.padEnd(24)} - ${o.help}\n`)
    .join('');
}

/** print_block_option_help(): with a filename the merged list, without it the format's plus a note. */
export function printCreateHelp(ctx: ImgContext, format: BlockDriver, fmtName: string, protocol?: BlockDriver): void {
  if (protocol) {
    ctx.out('Supported options:\n' + optionHelpLines(mergeCreateOptions(format, protocol)));
    return;
  }
  ctx.out(`Supported ${fmtName} options:\n` + optionHelpLines(format.createOptions ?? []));
  ctx.out('\nThe protocol level may support further options.\nSpecify the target filename to include those options.\n');
}

/** Parse a -o list against the merged descriptors ("Invalid parameter 'x'", typed value errors). */
export function parseCreateOptions(list: string | undefined, descs: readonly CreateOptionSpec[]): Map<string, TypedOpt> {
  return list === undefined ? new Map() : validateOpts(splitOpts(list), descs);
}

/** The " name=value" part of "Formatting '...', fmt=... ": every descriptor with a value or a default. */
export function formatSummary(opts: ReadonlyMap<string, TypedOpt>, descs: readonly CreateOptionSpec[]): string {
  return printOpts(opts, descs, ' ');
}

/** Options as the driver's create() takes them: name → text (sizes and numbers as plain integers). */
export function toDriverOptions(opts: ReadonlyMap<string, TypedOpt>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, o] of opts) {
    out.set(k, typeof o.value === 'bigint' ? String(o.value) : o.text);
  }
  return out;
}
