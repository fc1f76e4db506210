// Sizes as QEMU reads and writes them: qemu_strtosz() suffix parsing and size_to_str() ("1.5 GiB").

import { formatG } from './printf.ts';

/** Why a size string was refused; QEMU's callers word the two cases differently. */
export type SizeParseError = 'EINVAL' | 'ERANGE';

export type SizeParseResult =
  /** `hexSuffixWarning`: QEMU 7.2 accepts "0x1k" but warns "Using a multiplier suffix on hex numbers is deprecated: <input>". */
  | { ok: true; value: bigint; end: number; hexSuffixWarning?: boolean }
  | { ok: false; error: SizeParseError; end: number };

const SUFFIX_SHIFT: Record<string, number> = { B: 0, K: 10, M: 20, G: 30, T: 40, P: 50, E: 60 };

/** The multiplier for a suffix character (case-insensitive), or 0n when it is not one. */
function suffixMul(c: string | undefined, unit: bigint): bigint {
  if (c === undefined || c === '') return 0n;
  const shift = SUFFIX_SHIFT[c.toUpperCase()];
  if (shift === undefined) return 0n;
  if (shift === 0) return 1n;
  return unit === 1024n ? 1n << BigInt(shift) : unit ** BigInt(shift / 10);
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * Parse like QEMU's do_strtosz(): decimal integer with optional fraction and a suffix
 * (B, K, M, G, T, P, E; any case), or 0x-hex without fraction or suffix. Leading white
 * space is allowed, a minus sign is not. With `allowTrailing` the result's `end` says
 * where parsing stopped; otherwise anything after the number is EINVAL.
 * `defaultSuffix` applies when none is given ('B' for qemu-io/qemu-img sizes, 'M' for some legacy options).
 */
export function parseSize(
  text: string,
  opts: { defaultSuffix?: string; unit?: bigint; allowTrailing?: boolean } = {},
): SizeParseResult {
  const unit = opts.unit ?? 1024n;
  const defaultSuffix = opts.defaultSuffix ?? 'B';
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  const start = i;
  // strtou64 accepts a sign; QEMU then rejects any '-' in the parsed span.
  if (text[i] === '-' ) return { ok: false, error: 'EINVAL', end: 0 };
  if (text[i] === '+') i++;
  const digitsStart = i;
  while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  if (i === digitsStart) return { ok: false, error: 'EINVAL', end: 0 };
  let val = BigInt(text.slice(digitsStart, i));
  if (val > U64_MAX) return overflow(i);
  let fraction = '';
  if (val === 0n && (text[i] === 'x' || text[i] === 'X') && text.slice(start, i).replace('+', '') === '0') {
    const hexStart = i + 1;
    let j = hexStart;
    while (j < text.length && /[0-9a-fA-F]/.test(text[j]!)) j++;
    if (j === hexStart) {
      // strtoull parses just the "0"; the 'x' is then an unknown suffix.
      return finish(0n, '', i);
    }
    val = BigInt('0x' + text.slice(hexStart, j));
    if (val > U64_MAX) return overflow(j);
    if (text[j] === '.') return { ok: false, error: 'EINVAL', end: 0 };
    const r = finish(val, '', j);
    if (r.ok && suffixMul(text[j], unit) > 0n) r.hexSuffixWarning = true;
    return r;
  } else if (text[i] === '.') {
    let j = i + 1;
    while (j < text.length && text[j]! >= '0' && text[j]! <= '9') j++;
    fraction = text.slice(i + 1, j);
    // strtod would swallow an exponent ("1.5e3"); QEMU then rejects the whole input.
    if (/^[eE][+-]?[0-9]/.test(text.slice(j))) return { ok: false, error: 'EINVAL', end: 0 };
    i = j;
  }
  return finish(val, fraction, i);

  /** The integer part overflowed at `at`: QEMU reports ERANGE, unless text is left over, which makes it EINVAL. */
  function overflow(at: number): SizeParseResult {
    if (!opts.allowTrailing && at !== text.length) return { ok: false, error: 'EINVAL', end: at };
    return { ok: false, error: 'ERANGE', end: at };
  }

  function finish(intPart: bigint, frac: string, pos: number): SizeParseResult {
    let end = pos;
    let mul = suffixMul(text[pos], unit);
    if (mul > 0n) end++;
    else mul = suffixMul(defaultSuffix, unit);
    const hasFraction = /[1-9]/.test(frac);
    let value: bigint;
    if (mul === 1n) {
      if (hasFraction) return { ok: false, error: 'EINVAL', end: 0 };
      value = intPart;
    } else {
      // Exact fixed-point product, rounding half a unit upward, as QEMU does.
      const scale = 10n ** BigInt(frac.length);
      const fracNum = frac === '' ? 0n : BigInt(frac);
      const total = intPart * mul * scale + fracNum * mul;
      value = (total * 2n + scale) / (2n * scale);
    }
    if (value > U64_MAX) return { ok: false, error: 'ERANGE', end };
    if (!opts.allowTrailing && end !== text.length) return { ok: false, error: 'EINVAL', end };
    return { ok: true, value, end };
  }
}

const SIZE_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** QEMU's size_to_str(): "%0.3g" of the value in the largest unit that keeps it under 1000 (e.g. "1 GiB", "1.5 KiB"). */
export function sizeToStr(bytes: number | bigint): string {
  const val = Number(bytes);
  // frexp(val / (1000.0 / 1024.0)) exponent, then (i - 1) / 10 in C integer division.
  const scaled = val / (1000.0 / 1024.0);
  const exp = scaled === 0 ? 0 : Math.floor(Math.log2(scaled)) + 1;
  let i = Math.trunc((exp - 1) / 10);
  if (i < 0) i = 0;
  if (i >= SIZE_SUFFIXES.length) i = SIZE_SUFFIXES.length - 1;
  const div = 2 ** (i * 10);
  return `${formatG(val / div, 3)} ${SIZE_SUFFIXES[i]}B`;
}
