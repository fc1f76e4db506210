// What read, write and their v/aio variants share: request limits, length lists, pattern checks, timing and reports.

import { isBlockError } from '../../block/errors.ts';
import { hexdump } from '../../util/hexdump.ts';
import { cvtnum, parsePattern } from './cvtnum.ts';
import { elapsedSince, formatReport } from './stats.ts';
import { print, warnReport, type Session } from './session.ts';

/** BDRV_REQUEST_MAX_BYTES: the largest single request (INT_MAX rounded down to a sector). */
export const MAX_REQUEST_BYTES = 2147483136;

/** The pattern qemu-io writes when none is given. */
export const DEFAULT_PATTERN = 0xcd;

/** cvtnum with the session's warning outlet; prints the refusal on stdout and returns undefined. */
export function numArg(s: Session, arg: string, shown = arg): number | undefined {
  const r = cvtnum(arg, (m) => warnReport(s, m), shown);
  if (r.ok) return r.value;
  print(s, r.message);
  return undefined;
}

/** parse_pattern() with its refusal printed on stdout; undefined when refused. */
export function patternArg(s: Session, arg: string): number | undefined {
  const p = parsePattern(arg);
  if (p.ok) return p.value;
  print(s, p.message);
  return undefined;
}

/** create_iovec(): the lengths of a readv/writev/aio request; undefined after printing why not. */
export function parseLengths(s: Session, args: string[]): number[] | undefined {
  const lens: number[] = [];
  let total = 0;
  for (const arg of args) {
    const len = numArg(s, arg);
    if (len === undefined) return undefined;
    if (len > MAX_REQUEST_BYTES) {
      print(s, `Argument '${arg}' exceeds maximum size ${MAX_REQUEST_BYTES}\n`);
      return undefined;
    }
    if (len > MAX_REQUEST_BYTES - total) {
      print(s, `The total number of bytes exceed the maximum size ${MAX_REQUEST_BYTES}\n`);
      return undefined;
    }
    total += len;
    lens.push(len);
  }
  return lens;
}

/** The sector-alignment checks of -b and -c requests; false after printing the complaint. */
export function checkSectorAligned(s: Session, offset: number, count: number): boolean {
  if (offset % 512 !== 0) {
    print(s, `${offset} is not a sector-aligned value for 'offset'\n`);
    return false;
  }
  if (count % 512 !== 0) {
    print(s, `${count} is not a sector-aligned value for 'count'\n`);
    return false;
  }
  return true;
}

/** Verify `len` bytes of `data` from `start` against `pattern`; prints QEMU's complaint and returns false on mismatch. */
export function verifyPattern(s: Session, data: Uint8Array, start: number, len: number, pattern: number, reportOffset: number): boolean {
  for (let i = start; i < start + len; i++) {
    if (data[i] !== pattern) {
      print(s, `Pattern verification failed at offset ${reportOffset}, ${len} bytes\n`);
      return false;
    }
  }
  return true;
}

/** print_report(): "<op> N/N bytes at offset X" plus the statistics line, or the -C line alone. */
export function printReport(s: Session, op: 'read' | 'wrote' | 'discard', start: bigint, offset: number, count: number, machine: boolean): void {
  const d = elapsedSince(start, process.hrtime.bigint());
  if (!machine) print(s, `${op} ${count}/${count} bytes at offset ${offset}\n`);
  print(s, formatReport(d, count, 1, machine));
}

/** The -v dump of data read at `offset`. */
export function dumpBuffer(s: Session, data: Uint8Array, offset: number): void {
  print(s, hexdump(data, offset));
}

/** Commands whose request QEMU 7.2 makes through the aio interface and polls for (do_aio_readv/do_aio_writev). */
const AIO_BACKED = new Set(['readv', 'writev']);

/**
 * Run a request; on a BlockError print "<what> failed: <strerror>" and return its negative status.
 * readv and writev poll the event loop even for a request failing its range check (its
 * completion is a bottom half too), so earlier aio requests' reports come first.
 */
export async function request<T>(s: Session, what: string, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; status: number }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (!isBlockError(e)) throw e;
    if (AIO_BACKED.has(what)) s.blk?.onRequest?.();
    print(s, `${what} failed: ${e.errnoText()}\n`);
    return { ok: false, status: -e.errnoValue() };
  }
}

