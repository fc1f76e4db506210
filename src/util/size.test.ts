// Unit tests for QEMU-style size parsing and formatting.
import { describe, expect, it } from 'vitest';
import { parseSize, sizeToStr } from './size.ts';
import { formatG } from './printf.ts';

const ok = (s: string) => {
  const r = parseSize(s);
  return r.ok ? r.value : r.error;
};

describe('parseSize', () => {
  it('reads plain and suffixed numbers', () => {
    expect(ok('512')).toBe(512n);
    expect(ok('4k')).toBe(4096n);
    expect(ok('4K')).toBe(4096n);
    expect(ok('1M')).toBe(1048576n);
    expect(ok('1G')).toBe(1n << 30n);
    expect(ok('2T')).toBe(2n << 40n);
    expect(ok('1E')).toBe(1n << 60n);
    expect(ok('512B')).toBe(512n);
  });
  it('reads fractions with a suffix, rounding half up', () => {
    expect(ok('1.5M')).toBe(1572864n);
    expect(ok('0.5k')).toBe(512n);
    expect(ok('1.5')).toBe('EINVAL');
    expect(ok('1.0')).toBe(1n);
    expect(ok('1.k')).toBe(1024n);
    expect(ok('1.5e3')).toBe('EINVAL');
  });
  it('reads hex without suffix', () => {
    expect(ok('0x200')).toBe(512n);
    expect(ok('0x1k')).toBe(1024n);
    expect(parseSize('0x1k')).toMatchObject({ ok: true, hexSuffixWarning: true });
    expect(ok('0x1.5')).toBe('EINVAL');
    expect(ok('0x')).toBe('EINVAL');
  });
  it('refuses negatives, junk and overflow', () => {
    expect(ok('-1')).toBe('EINVAL');
    expect(ok('abc')).toBe('EINVAL');
    expect(ok('1x')).toBe('EINVAL');
    expect(ok('16E')).toBe('ERANGE');
    expect(ok('99999999999999999999')).toBe('ERANGE');
    expect(ok('99999999999999999999k')).toBe('EINVAL');
    expect(ok('0x10000000000000000k')).toBe('EINVAL');
    expect(ok('')).toBe('EINVAL');
  });
});

describe('sizeToStr', () => {
  it('formats like QEMU', () => {
    expect(sizeToStr(0)).toBe('0 B');
    expect(sizeToStr(512)).toBe('512 B');
    expect(sizeToStr(1024)).toBe('1 KiB');
    expect(sizeToStr(1536)).toBe('1.5 KiB');
    expect(sizeToStr(128 * 1024 * 1024)).toBe('128 MiB');
    expect(sizeToStr(2 ** 32)).toBe('4 GiB');
  });
});

describe('formatG', () => {
  it('matches glibc %g', () => {
    expect(formatG(1000, 3)).toBe('1e+03');
    expect(formatG(999.4, 3)).toBe('999');
    expect(formatG(1.5, 3)).toBe('1.5');
    expect(formatG(0.0001234, 3)).toBe('0.000123');
    expect(formatG(123456, 6)).toBe('123456');
    expect(formatG(1234567, 6)).toBe('1.23457e+06');
  });
});
