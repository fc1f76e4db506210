// -T/--trace: accepted as QEMU does (there are no trace points here), with its warnings and errors for names and files.

import { closeSync, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { errnoFromNode, strerror } from '../../util/errno.ts';
import { splitOpts } from '../../util/qemu-opts.ts';
import { TRACE_EVENTS } from './trace-events.ts';

/** A warning, with "FILE:LINE" when it comes from an events file (QEMU prints "qemu-io:FILE:LINE: warning: ..."). */
export type TraceWarn = (message: string, location?: string) => void;

/**
 * What a -T option asks for: go on (with the log file it names, if any), the event list (then
 * exit 0), or an error (exit 1).
 */
export type TraceResult = { kind: 'ok'; file?: string } | { kind: 'help' } | { kind: 'fail'; text: string };

/** Enable (or with '-' disable) events matching `pattern`; a name without wildcards must exist. */
function enablePattern(pattern: string, warn: TraceWarn, location?: string): void {
  const name = pattern.startsWith('-') ? pattern.slice(1) : pattern;
  if (/[*?]/.test(name)) return;
  if (!TRACE_EVENTS.includes(name)) warn(`trace event '${name}' does not exist`, location);
}

/**
 * One -T argument: "[enable=]PATTERN", "events=FILE" (one pattern a line), "file=FILE" (the
 * log, unused here) or "help". Relative files resolve against `cwd`. A failure's `text` is the
 * whole stderr line, prefixed with `prog` (qemu-img shares the same events).
 */
export function traceOption(arg: string, cwd: string, warn: TraceWarn, prog = 'qemu-io'): TraceResult {
  const pairs = splitOpts(arg, 'enable');
  // QemuOpts parsing warns about every bare "name"/"noname" before any of them is used.
  for (const p of pairs.filter((x) => x.flag)) {
    warn(`short-form boolean option '${p.value === 'off' ? 'no' : ''}${p.name}' deprecated\nPlease use ${p.name}=${p.value} instead`);
  }
  for (const p of pairs) {
    if (p.name === 'enable') {
      if (p.value === 'help') return { kind: 'help' };
      enablePattern(p.value, warn);
    } else if (p.name === 'events') {
      let text = '';
      try {
        // fopen("") fails with ENOENT; a directory opens, and its first fgets() ends the list.
        if (p.value === '') throw Object.assign(new Error('empty name'), { code: 'ENOENT' });
        text = readFileSync(resolve(cwd, p.value), 'utf8');
      } catch (e) {
        if (errnoFromNode(e) !== 'EISDIR') return { kind: 'fail', text: `${prog}:${p.value}: ${strerror(errnoFromNode(e))}\n` };
      }
      // fgets() lines with their last character cut (meant to be the newline, even when missing).
      const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
      lines.forEach((line, i) => {
        const pat = line.slice(0, -1);
        if (pat !== '' && !pat.startsWith('#')) enablePattern(pat, warn, `${p.value}:${i + 1}`);
      });
    } else if (p.name !== 'file') {
      return { kind: 'fail', text: `${prog}: Invalid parameter '${p.name}'\n` };
    }
  }
  const file = pairs.filter((p) => p.name === 'file').pop()?.value;
  return file === undefined ? { kind: 'ok' } : { kind: 'ok', file };
}

/**
 * Open (create, truncate) the trace log as QEMU does once the options are read, though nothing
 * is ever logged to it here; the refusal text, or undefined when it opened.
 */
export function openTraceLog(file: string, cwd: string): string | undefined {
  try {
    if (file === '') throw Object.assign(new Error('empty name'), { code: 'ENOENT' });
    closeSync(openSync(resolve(cwd, file), 'w'));
    return undefined;
  } catch (e) {
    return `Error opening logfile ${file}: ${strerror(errnoFromNode(e))}`;
  }
}

/** `-T help`: every event, one a line. */
export function traceHelpText(): string {
  return TRACE_EVENTS.map((e) => e + '\n').join('');
}
