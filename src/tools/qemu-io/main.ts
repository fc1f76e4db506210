// qemu-io's main: parse the command line, open the image, run -c commands or stdin, and settle the exit status.

import { FatalBlockError } from '../../block/errors.ts';
import { LockTable } from '../../block/locks.ts';
import type { ToolIO, ToolMain } from '../io.ts';
import { parseArgs, type MainOptions } from './args.ts';
import { runCommandList, runInteractive } from './loop.ts';
import { checkObject } from './objects.ts';
import { optionArg } from './cmd-open.ts';
import { abandonFile, closeFile, openFile } from './openfile.ts';
import { BufferedOut } from '../buffered-out.ts';
import { errorReport, warnReport, type Session } from './session.ts';
import { openTraceLog, traceHelpText } from './trace.ts';
import { commandTable } from './table.ts';
import { USAGE_TEXT, VERSION_TEXT } from './usage.ts';

export const main: ToolMain = async (argv: string[], io: ToolIO): Promise<number> => {
  const s: Session = { io, stdout: new BufferedOut(io.stdout, io.stdoutIsTTY), blk: null, aio: [], bottomHalves: [], parked: [], writePerm: false, copyOnRead: false, quit: false, locks: new LockTable() };
  try {
    return await run(s, argv);
  } catch (e) {
    if (!(e instanceof FatalBlockError)) throw e;
    // exit(1) deep in the block layer: the message, then stdio flushed by exit().
    io.stderr.write(e.message.endsWith('\n') ? e.message : e.message + '\n');
    s.stdout.flush();
    return e.exitCode;
  }
};

async function run(s: Session, argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, s.io.cwd, (m, loc) =>
    loc === undefined ? warnReport(s, m) : s.io.stderr.write(`qemu-io:${loc}: warning: ${m}\n`),
  );
  switch (parsed.kind) {
    case 'traceHelp':
      return finish(s, traceHelpText(), 0);
    case 'failText':
      s.io.stderr.write(parsed.text);
      return 1;
    case 'help':
      return finish(s, USAGE_TEXT, 0);
    case 'version':
      return finish(s, VERSION_TEXT, 0);
    case 'usage':
      if (parsed.error) s.io.stderr.write(`${s.io.argv0 ?? 'qemu-io'}: ${parsed.error}\n`);
      return finish(s, USAGE_TEXT, 1);
    case 'fail':
      errorReport(s, parsed.message);
      return 1;
  }
  const o = parsed.options;
  const ids = new Set<string>();
  const secrets = new Map();
  for (const def of o.objects) {
    const r = checkObject(def, s.io.cwd, ids, secrets);
    if (r.kind === 'help') return finish(s, r.text, 0);
    if (r.kind === 'fail') {
      errorReport(s, r.message);
      return 1;
    }
  }
  if (o.operands.length > 1) return finish(s, USAGE_TEXT, 1);
  if (o.imageOpts && o.format !== undefined) {
    errorReport(s, '--image-opts and -f are mutually exclusive');
    return 1;
  }
  const logError = o.traceFile === undefined ? undefined : openTraceLog(o.traceFile, s.io.cwd);
  if (logError !== undefined) {
    errorReport(s, logError);
    return 1;
  }
  if (o.operands.length === 1 && !(await openFirst(s, o))) return 1;
  const table = commandTable();
  let failed: boolean;
  try {
    failed = o.commands.length > 0 ? await runCommandList(s, table, o.commands) : await runInteractive(s, table);
  } catch (e) {
    await abandonFile(s);
    throw e;
  }
  if (s.signal !== undefined) {
    await abandonFile(s);
    return 128 + s.signal;
  }
  await closeFile(s);
  s.stdout.flush();
  return failed ? 1 : 0;
}

/** Open the image named on the command line (a filename, or an option string with --image-opts). */
async function openFirst(s: Session, o: MainOptions): Promise<boolean> {
  const arg = o.operands[0]!;
  if (o.imageOpts) {
    const options = optionArg(s, arg);
    if (!options) return false;
    return openFile(s, undefined, undefined, o.settings, options);
  }
  return openFile(s, arg, o.format, o.settings, undefined);
}

function finish(s: Session, text: string, status: number): number {
  s.stdout.write(text);
  s.stdout.flush();
  return status;
}
