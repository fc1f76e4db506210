// Runs lists of qemu-io commands, each in one qemu-io invocation on a fresh image, for tests about what one command does to the next.

import type { TestContext } from './context.ts';

/**
 * For each case: a banner naming its commands, a fresh 4 MiB image whose first 64 KiB hold 0x61,
 * then the commands in one qemu-io run (their output, and the exit status).
 */
export async function runIoCases(t: TestContext, cases: readonly string[][]): Promise<void> {
  for (const cmds of cases) {
    t.banner(cmds.join('; '));
    await t.makeTestImg('4M', { quiet: true });
    await t.io(['write -q -P 0x61 0 64k']);
    await t.io(cmds, { status: true });
  }
}
