// The qemu-img subcommand table: name → lazily loaded module, so a run loads only the command it needs.

import type { ImgContext } from './context.ts';

/** What each subcommand module exports. */
export interface ImgCommand {
  /** The command's line from --help's "Command syntax". */
  usage: string;
  /** Run with argv[0] = the command name; returns the exit status. */
  run(ctx: ImgContext, argv: string[]): Promise<number>;
}

type Loader = () => Promise<ImgCommand>;

/** In --help order. */
export const COMMANDS: ReadonlyMap<string, Loader> = new Map<string, Loader>([
  ['amend', () => import('./cmd-amend.ts')],
  ['bench', () => import('./cmd-bench.ts')],
  ['bitmap', () => import('./cmd-bitmap.ts')],
  ['check', () => import('./cmd-check.ts')],
  ['commit', () => import('./cmd-commit.ts')],
  ['compare', () => import('./cmd-compare.ts')],
  ['convert', () => import('./cmd-convert.ts')],
  ['create', () => import('./cmd-create.ts')],
  ['dd', () => import('./cmd-dd.ts')],
  ['info', () => import('./cmd-info.ts')],
  ['map', () => import('./cmd-map.ts')],
  ['measure', () => import('./cmd-measure.ts')],
  ['snapshot', () => import('./cmd-snapshot.ts')],
  ['rebase', () => import('./cmd-rebase.ts')],
  ['resize', () => import('./cmd-resize.ts')],
]);
