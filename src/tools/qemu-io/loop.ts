// Where commands come from: the -c list, or lines read from stdin behind the "qemu-io> " prompt.

import type { Command } from './command.ts';
import { runCommandLine } from './command.ts';
import type { Session } from './session.ts';

/** Run -c commands in order until one quits; true when any failed. */
export async function runCommandList(s: Session, table: readonly Command[], commands: readonly string[]): Promise<boolean> {
  let failed = false;
  for (const line of commands) {
    if (s.quit) break;
    if ((await runCommandLine(s, table, line)) < 0) failed = true;
  }
  return failed;
}

/** Split stdin into lines as fgets() returns them (the last may lack its newline). */
async function* stdinLines(stdin: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of stdin) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
    }
  }
  buffered += decoder.decode();
  if (buffered !== '') yield buffered;
}

/**
 * command_loop() over stdin: print and flush the prompt, run the line, repeat until EOF or quit.
 * qemu-io prints the prompt whether or not stdin is a terminal. True when any command failed.
 */
export async function runInteractive(s: Session, table: readonly Command[]): Promise<boolean> {
  let failed = false;
  const prompt = (): void => {
    s.stdout.write('qemu-io> ');
    s.stdout.flush();
  };
  prompt();
  if (!s.io.stdin) return false;
  for await (const line of stdinLines(s.io.stdin)) {
    if ((await runCommandLine(s, table, line)) < 0) failed = true;
    if (s.quit) break;
    prompt();
  }
  return failed;
}
