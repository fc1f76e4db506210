// The command table: every qemu-io command record, built per session (no module-level mutable state).

import type { Command } from './command.ts';
import { aioFlushCommand, aioReadCommand, aioWriteCommand } from './cmd-aio.ts';
import { breakCommand, removeBreakCommand, resumeCommand, waitBreakCommand } from './cmd-debug.ts';
import {
  allocCommand, discardCommand, flushCommand, infoCommand, lengthCommand, mapCommand, truncateCommand,
} from './cmd-image.ts';
import { closeCommand, openCommand, reopenCommand } from './cmd-open.ts';
import { abortCommand, helpCommand, quitCommand, sigraiseCommand, sleepCommand } from './cmd-process.ts';
import { readCommand, readvCommand } from './cmd-read.ts';
import { writeCommand, writevCommand } from './cmd-write.ts';

/** All commands; `help` lists them sorted by name as QEMU does. */
export function commandTable(): readonly Command[] {
  const table: Command[] = [
    abortCommand, aioFlushCommand, aioReadCommand, aioWriteCommand, allocCommand, breakCommand,
    closeCommand, discardCommand, flushCommand, infoCommand, lengthCommand, mapCommand, openCommand,
    quitCommand, readCommand, readvCommand, removeBreakCommand, reopenCommand, resumeCommand,
    sigraiseCommand, sleepCommand, truncateCommand, waitBreakCommand, writeCommand, writevCommand,
  ];
  table.push(helpCommand(() => table));
  return table;
}
