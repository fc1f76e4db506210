// ./check's command line: parse the options and hand off to the runner in common/runner/.

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP_TEXT, parseCheckArgs } from './common/runner/options.ts';
import { runCheck } from './common/runner/run.ts';

async function check(argv: string[]): Promise<number> {
  const parsed = parseCheckArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`check: ${parsed.message}\nTry './check -h' for more information.\n`);
    return 1;
  }
  // A tool or test that leaves a promise rejected or throws from a callback must not kill the
  // whole run: report it, fail the run.
  let stray = false;
  const strayError = (what: string) => (reason: unknown) => {
    stray = true;
    process.stderr.write(`check: ${what}: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
  };
  process.on('unhandledRejection', strayError('unhandled promise rejection'));
  process.on('uncaughtException', strayError('uncaught exception'));
  // Ctrl-C: let the running tests finish and report; a second Ctrl-C ends ./check at once.
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    process.stderr.write('\ncheck: interrupted; finishing the running tests (Ctrl-C again to quit now)\n');
  });
  const status = await runCheck(
    parsed.options,
    { root: dirname(fileURLToPath(import.meta.url)), env: process.env, cwd: process.cwd(), interrupt: interrupt.signal },
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      raw: (text) => process.stdout.write(text),
      isTTY: process.stdout.isTTY === true,
    },
  );
  return status !== 0 || stray || interrupt.signal.aborted ? 1 : 0;
}

process.exitCode = await check(process.argv.slice(2));
// A test that timed out may leave timers or handles behind; they must not keep ./check alive.
setTimeout(() => process.exit(), 200).unref();
