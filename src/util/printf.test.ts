// Unit tests for the C printf conversions, against glibc's output.
import { describe, expect, it } from 'vitest';
import { formatF, formatG } from './printf.ts';

describe('formatF', () => {
  it('rounds the exact binary value half to even, as glibc', () => {
    expect(formatF(2.0625, 3)).toBe('2.062');
    expect(formatF(3.0625, 3)).toBe('3.062');
    expect(formatF(2.0635, 3)).toBe('2.063');
    expect(formatF(3.125, 2)).toBe('3.12');
    expect(formatF(0.5, 0)).toBe('0');
    expect(formatF(1.5, 0)).toBe('2');
    expect(formatF(1.005, 2)).toBe('1.00');
    expect(formatF(28.125, 2)).toBe('28.12');
  });
  it('pads and signs like printf', () => {
    expect(formatF(0, 2)).toBe('0.00');
    expect(formatF(0.001, 6)).toBe('0.001000');
    expect(formatF(-1.25, 1)).toBe('-1.2');
    expect(formatF(123456789.5, 0)).toBe('123456790');
    expect(formatF(1e21, 1)).toBe('1000000000000000000000.0');
  });
});

describe('formatG', () => {
  it('uses the same rounding in fixed style', () => {
    expect(formatG(1.0625, 4)).toBe('1.062');
    expect(formatG(1536, 3)).toBe('1.54e+03');
    expect(formatG(1.5, 3)).toBe('1.5');
  });
});

describe('formatG on exact ties and carries (glibc rounds the binary value half-to-even)', () => {
  it('matches glibc', () => {
    expect(formatG(125000, 2)).toBe('1.2e+05');
    expect(formatG(0.0001225, 3)).toBe('0.000122');
    expect(formatG(99.95, 3)).toBe('100');
    expect(formatG(999.5, 3)).toBe('1e+03');
    expect(formatG(9.5, 1)).toBe('1e+01');
    expect(formatG(5e-324, 3)).toBe('4.94e-324');
  });
});
