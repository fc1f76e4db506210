// Unit tests for qemu-io's number parsing, against qemu-io 7.2's messages.
import { describe, expect, it } from 'vitest';
import { cvtnum, parsePattern, strtoll, strtolClamped } from './cvtnum.ts';
import { sleepDelay } from './cmd-process.ts';

describe('cvtnum', () => {
  it('parses sizes', () => {
    expect(cvtnum('512')).toEqual({ ok: true, value: 512 });
    expect(cvtnum('1.5k')).toEqual({ ok: true, value: 1536 });
    expect(cvtnum('0x200')).toEqual({ ok: true, value: 512 });
    expect(cvtnum('512b')).toEqual({ ok: true, value: 512 });
    expect(cvtnum('9223372036854775807')).toEqual({ ok: true, value: 9223372036854775807 });
  });
  it('refuses with QEMU texts', () => {
    const inval = (a: string) => `Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- ${a}\n`;
    expect(cvtnum('abc')).toEqual({ ok: false, message: inval('abc') });
    expect(cvtnum('1x')).toEqual({ ok: false, message: inval('1x') });
    expect(cvtnum('1.5')).toEqual({ ok: false, message: inval('1.5') });
    expect(cvtnum('-4')).toEqual({ ok: false, message: inval('-4') });
    expect(cvtnum("'0'")).toEqual({ ok: false, message: inval("'0'") });
    expect(cvtnum('9223372036854775808')).toEqual({ ok: false, message: 'Parsing error: argument too large -- 9223372036854775808\n' });
    expect(cvtnum('8E')).toEqual({ ok: false, message: 'Parsing error: argument too large -- 8E\n' });
    expect(cvtnum('99999999999999999999999')).toEqual({ ok: false, message: 'Parsing error: argument too large -- 99999999999999999999999\n' });
  });
  it('warns about suffixed hex', () => {
    const warnings: string[] = [];
    expect(cvtnum('0x1k', (m) => warnings.push(m))).toEqual({ ok: true, value: 1024 });
    expect(warnings).toEqual(['Using a multiplier suffix on hex numbers is deprecated: 0x1k']);
  });
});

describe('patterns', () => {
  it('takes C notation bytes', () => {
    expect(parsePattern('010')).toEqual({ ok: true, value: 8 });
    expect(parsePattern('+5')).toEqual({ ok: true, value: 5 });
    expect(parsePattern('0xab')).toEqual({ ok: true, value: 0xab });
    for (const bad of ['256', '-1', 'abc', '0x1ff', '1k', '0x', '5x', '""'])
      expect(parsePattern(bad)).toEqual({ ok: false, message: `${bad} is not a valid pattern byte\n` });
  });
  it('strtoll handles octal and hex', () => {
    expect(strtoll('0')).toBe(0n);
    expect(strtoll('0x10')).toBe(16n);
    expect(strtoll('08')).toBeUndefined();
  });
});

describe('strtolClamped', () => {
  it('clamps out-of-range values as strtol does', () => {
    expect(strtolClamped('9999999999999999999')).toBe(9223372036854775807n);
    expect(strtolClamped('-9999999999999999999')).toBe(-9223372036854775808n);
    expect(strtolClamped('0x10')).toBe(16n);
    expect(strtolClamped('1x')).toBeUndefined();
  });
});

describe('sleepDelay', () => {
  const now = 1_763_800_000_000_000_000n;
  it('waits what was asked while the deadline fits int64', () => {
    expect(sleepDelay(1500n, now)).toBe(1500);
    expect(sleepDelay(0n, now)).toBe(0);
  });
  it('expires at once when now + ms * 10^6 wraps', () => {
    expect(sleepDelay(9223372036854775807n, now)).toBe(0);
    expect(sleepDelay(10_000_000_000_000n, now)).toBe(0);
  });
});
