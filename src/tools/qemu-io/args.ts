// qemu-io's own command line: getopt_long over QEMU's option table, into the settings of the first open.

import { getopt, type LongOption } from '../../util/getopt.ts';
import { traceOption, type TraceWarn } from './trace.ts';
import { applyAio, applyCacheMode, applyDiscard, defaultSettings, type OpenSettings } from './open-settings.ts';

/** In QEMU's order: glibc lists ambiguous abbreviations in this order. */
const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'help', hasArg: 'no', val: 'h' },
  { name: 'version', hasArg: 'no', val: 'V' },
  { name: 'cmd', hasArg: 'required', val: 'c' },
  { name: 'format', hasArg: 'required', val: 'f' },
  { name: 'read-only', hasArg: 'no', val: 'r' },
  { name: 'snapshot', hasArg: 'no', val: 's' },
  { name: 'nocache', hasArg: 'no', val: 'n' },
  { name: 'copy-on-read', hasArg: 'no', val: 'C' },
  { name: 'misalign', hasArg: 'no', val: 'm' },
  { name: 'native-aio', hasArg: 'no', val: 'k' },
  { name: 'aio', hasArg: 'required', val: 'i' },
  { name: 'discard', hasArg: 'required', val: 'd' },
  { name: 'cache', hasArg: 'required', val: 't' },
  { name: 'trace', hasArg: 'required', val: 'T' },
  { name: 'object', hasArg: 'required', val: 'OBJECT' },
  { name: 'image-opts', hasArg: 'no', val: 'IMAGE_OPTS' },
  { name: 'force-share', hasArg: 'no', val: 'U' },
];

const SHORT_OPTIONS = 'hVc:d:f:rsnCmki:t:T:U';

export interface MainOptions {
  commands: string[];
  format?: string;
  imageOpts: boolean;
  objects: string[];
  settings: OpenSettings;
  /** Operands left after the options (at most one is an image). */
  operands: string[];
  /** The trace log the last -T names, opened once the options are checked. */
  traceFile?: string;
}

/** What parsing decided: go on, or stop with a status after printing (help, version, errors). */
export type ParsedArgs =
  | { kind: 'run'; options: MainOptions }
  | { kind: 'help' }
  | { kind: 'version' }
  /** Bad usage: `error` (glibc's text) goes to stderr, the usage to stdout, exit 1. */
  | { kind: 'usage'; error?: string }
  /** An option value QEMU refuses: error_report(message), exit 1. */
  | { kind: 'fail'; message: string }
  /** As 'fail', with the whole stderr text given. */
  | { kind: 'failText'; text: string }
  /** -T help: list the trace events, exit 0. */
  | { kind: 'traceHelp' };

/**
 * Parse the command line; `cwd` resolves -T events files and `warn` receives warn_report()
 * texts (unknown trace events) as they arise.
 */
export function parseArgs(argv: string[], cwd = '.', warn: TraceWarn = () => {}): ParsedArgs {
  const o: MainOptions = { commands: [], imageOpts: false, objects: [], settings: defaultSettings(), operands: [] };
  const st = o.settings;
  const g = getopt(['qemu-io', ...argv], SHORT_OPTIONS, LONG_OPTIONS);
  for (let r = g.next(); r; r = g.next()) {
    const arg = r.arg ?? '';
    switch (r.opt) {
      case 'h': return { kind: 'help' };
      case 'V': return { kind: 'version' };
      case 'c': o.commands.push(arg); break;
      case 'f': o.format = arg; break;
      case 'r': st.readOnly = true; break;
      case 's': st.snapshot = true; break;
      case 'n': st.cacheDirect = true; st.writethrough = false; break;
      case 'C': st.copyOnRead = true; break;
      case 'm': break; // buffer misalignment only matters to O_DIRECT memory; nothing to do here
      case 'k': st.aio = 'native'; break;
      case 'U': st.forceShare = true; break;
      case 'T': {
        const tr = traceOption(arg, cwd, warn);
        if (tr.kind === 'help') return { kind: 'traceHelp' };
        if (tr.kind === 'fail') return { kind: 'failText', text: tr.text };
        // Each -T sets the log file anew (none when it names none).
        o.traceFile = tr.file;
        break;
      }
      case 'OBJECT': o.objects.push(arg); break;
      case 'IMAGE_OPTS': o.imageOpts = true; break;
      case 'i':
        if (!applyAio(st, arg)) return { kind: 'fail', message: `Invalid aio option: ${arg}` };
        break;
      case 'd':
        if (!applyDiscard(st, arg)) return { kind: 'fail', message: `Invalid discard option: ${arg}` };
        break;
      case 't':
        if (!applyCacheMode(st, arg)) return { kind: 'fail', message: `Invalid cache option: ${arg}` };
        break;
      default:
        return { kind: 'usage', error: r.error };
    }
  }
  o.operands = g.argv.slice(g.optind);
  return { kind: 'run', options: o };
}
