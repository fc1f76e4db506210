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
    out = stripZeros(value.toFixed(Math.max(0, p - 1 - exp)));
  }
  return out;
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** C's "%.{precision}f". */
export function formatF(value: number, precision = 6): string {
  return value.toFixed(precision);
}
