// Option parsing inside a qemu-io command: glibc getopt with the command name as program name, usage on errors.

import { getopt } from '../../util/getopt.ts';
import { commandUsage, type Command, type CommandStatus } from './command.ts';
import { eprint, type Session } from './session.ts';

/** Handle one option; return a status to stop the command there (it has printed why), undefined to go on. */
export type OptHandler = (opt: string, arg: string | undefined) => CommandStatus | undefined;

export type OptsResult = { ok: true; operands: string[] } | { ok: false; status: CommandStatus };

/**
 * Walk argv's options in order as the command's getopt loop does. An unknown option or a
 * missing argument prints glibc's "<cmd>: ..." text on stderr, then the usage line.
 */
export function parseCommandOpts(s: Session, cmd: Command, argv: string[], optstring: string, handle: OptHandler): OptsResult {
  const g = getopt(argv, optstring);
  for (let r = g.next(); r; r = g.next()) {
    if (r.opt === '?' || r.opt === ':') {
      eprint(s, `${argv[0]}: ${r.error}\n`);
      return { ok: false, status: commandUsage(s, cmd) };
    }
    const status = handle(r.opt, r.arg);
    if (status !== undefined) return { ok: false, status };
  }
  return { ok: true, operands: g.argv.slice(g.optind) };
}
