// C printf conversions that JavaScript lacks: %g (with precision) and %f, exactly as glibc renders them.

/** C's "%.{precision}g": shortest of %e/%f style with trailing zeros removed. */
export function formatG(value: number, precision = 6): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value < 0 ? '-inf' : 'inf';
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // The exponent after rounding to p significant digits decides the style.
  const exp = Number(value.toExponential(p - 1).split('e')[1]);
  let out: string;
  if (exp < -4 || exp >= p) {
    const [mant, e] = value.toExponential(p - 1).split('e') as [string, string];
    const m = stripZeros(mant);
    const en = Number(e);
    out = `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  } else {
    out = stripZeros(formatF(value, Math.max(0, p - 1 - exp)));
  }
  return out;
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * C's "%.{precision}f" as glibc prints it: the exact binary value rounded half-to-even
 * (2.0625 → "2.062" at 3 places, where JavaScript's toFixed gives "2.063").
 */
export function formatF(value: number, precision = 6): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value < 0 ? '-inf' : 'inf';
  const negative = value < 0 || Object.is(value, -0);
  const [num, den] = exactRatio(Math.abs(value));
  const scale = 10n ** BigInt(precision);
  const scaled = num * scale;
  let q = scaled / den;
  const rem = scaled % den;
  if (rem * 2n > den || (rem * 2n === den && q % 2n === 1n)) q += 1n;
  let digits = q.toString();
  if (precision > 0) {
    digits = digits.padStart(precision + 1, '0');
    digits = `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
  }
  return (negative ? '-' : '') + digits;
}

/** A finite non-negative double as an exact fraction num/den (den a power of two). */
function exactRatio(v: number): [bigint, bigint] {
  if (v === 0) return [0n, 1n];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return e >= 0 ? [mant << BigInt(e), 1n] : [mant, 1n << BigInt(-e)];
}
