// C printf conversions that JavaScript lacks: %g (with precision) and %f, exactly as glibc renders them.

/** C's "%.{precision}g": %e or %f style chosen by the rounded exponent, trailing zeros removed (exact, as glibc). */
export function formatG(value: number, precision = 6): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value < 0 ? '-inf' : 'inf';
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const { digits, exp } = roundSignificant(Math.abs(value), p);
  if (exp < -4 || exp >= p) {
    const mant = stripZeros(digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits);
    return `${value < 0 ? '-' : ''}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return stripZeros(formatF(value, Math.max(0, p - 1 - exp)));
}

/** `v` (> 0) rounded half-to-even on its exact binary value to `p` significant digits, and the decimal exponent of the first. */
function roundSignificant(v: number, p: number): { digits: string; exp: number } {
  const [num, den] = exactRatio(v);
  let exp = Math.floor(Math.log10(v));
  for (;;) {
    const shift = p - 1 - exp;
    const n = shift >= 0 ? num * 10n ** BigInt(shift) : num;
    const d = shift >= 0 ? den : den * 10n ** BigInt(-shift);
    let q = n / d;
    const rem = n % d;
    if (rem * 2n > d || (rem * 2n === d && q % 2n === 1n)) q += 1n;
    const digits = q.toString();
    if (digits.length > p) {
      if (q === 10n ** BigInt(p) && n / d < q) return { digits: digits.slice(0, p), exp: exp + 1 };
      exp++;
    } else if (digits.length < p) exp--;
    else return { digits, exp };
  }
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
