// Number arguments as qemu-io reads them: cvtnum() sizes with their "Parsing error" texts, pattern bytes, plain integers.

import { parseSize } from '../../util/size.ts';

const INT64_MAX = (1n << 63n) - 1n;

/** A parsed number, or the exact line qemu-io prints on stdout when the argument is refused. */
export type NumResult = { ok: true; value: number } | { ok: false; message: string };

/**
 * cvtnum(): a size with optional suffix (default bytes), up to INT64_MAX. `warn` receives
 * QEMU's deprecation text for suffixed hex numbers; a refusal names `shown` (the argument itself
 * unless the command reports another word, as truncate does).
 */
export function cvtnum(arg: string, warn?: (message: string) => void, shown = arg): NumResult {
  const r = parseSize(arg);
  if (r.ok && r.value <= INT64_MAX) {
    if (r.hexSuffixWarning) warn?.(`Using a multiplier suffix on hex numbers is deprecated: ${arg}`);
    return { ok: true, value: Number(r.value) };
  }
  if (!r.ok && hexSuffixBeforeFailure(arg)) warn?.(`Using a multiplier suffix on hex numbers is deprecated: ${arg}`);
  if (!r.ok && r.error === 'EINVAL') {
    return { ok: false, message: `Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- ${shown}\n` };
  }
  return { ok: false, message: `Parsing error: argument too large -- ${shown}\n` };
}

/**
 * Whether qemu_strtosz() warned about a suffixed hex number before refusing the text for what
 * follows the suffix ("0x1kk", "0x1p3"): hex digits in range, then k/M/G/T/P.
 */
export function hexSuffixBeforeFailure(text: string): boolean {
  const m = /^\s*\+?0[xX]([0-9a-fA-F]+)[kKmMgGtTpP]/.exec(text);
  return m !== null && BigInt('0x' + m[1]!) < 1n << 64n;
}

/**
 * C's strtoll(s, &end, 0) over the whole string: optional sign, 0x hex, 0 octal or decimal;
 * undefined when anything is left over, nothing was parsed, or the value overflows int64.
 */
export function strtoll(s: string): bigint | undefined {
  const v = cInteger(s);
  if (v === undefined || v > INT64_MAX || v < -INT64_MAX - 1n) return undefined;
  return v;
}

/** C's strtol(s, &end, 0) as qemu-io's sleep uses it: like strtoll, but out-of-range values clamp to LONG_MIN/LONG_MAX (ERANGE unchecked). */
export function strtolClamped(s: string): bigint | undefined {
  const v = cInteger(s);
  if (v === undefined) return undefined;
  return v > INT64_MAX ? INT64_MAX : v < -INT64_MAX - 1n ? -INT64_MAX - 1n : v;
}

/** The whole string as a C integer (sign, 0x hex, 0 octal, decimal), unbounded; undefined when not one. */
function cInteger(s: string): bigint | undefined {
  const m = /^[\t\n\v\f\r ]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const digits = m[2]!;
  let v: bigint;
  if (/^0[xX]/.test(digits)) v = BigInt(digits);
  else if (digits.startsWith('0') && digits.length > 1) v = BigInt('0o' + digits.slice(1));
  else v = BigInt(digits);
  return m[1] === '-' ? -v : v;
}

/** parse_pattern(): a byte 0..255 in C notation, or the refusal line. */
export function parsePattern(arg: string): NumResult {
  const v = strtoll(arg);
  if (v === undefined || v < 0n || v > 255n) return { ok: false, message: `${arg} is not a valid pattern byte\n` };
  return { ok: true, value: Number(v) };
}
