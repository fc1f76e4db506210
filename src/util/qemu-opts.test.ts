import { describe, expect, it } from 'vitest';
import { hasHelpOption, isValidOptionList, OptsError, printOpts, splitOpts, validateOpts, type OptDesc } from './qemu-opts.ts';

describe('splitOpts', () => {
  it('splits name=value pairs and unescapes ",,"', () => {
    expect(splitOpts('a=1,b=x,,y')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'x,y' },
    ]);
  });
  it('turns bare words into flags', () => {
    expect(splitOpts('lazy_refcounts,nofoo')).toEqual([
      { name: 'lazy_refcounts', value: 'on', flag: true },
      { name: 'foo', value: 'off', flag: true },
    ]);
  });
  it('gives a leading bare value to the implied name', () => {
    expect(splitOpts('secret,id=s0', 'qom-type')).toEqual([
      { name: 'qom-type', value: 'secret' },
      { name: 'id', value: 's0' },
    ]);
  });
  it('keeps empty names for "=x"', () => {
    expect(splitOpts('=1M')).toEqual([{ name: '', value: '1M' }]);
  });
});

describe('option lists', () => {
  it('rejects leading commas and odd trailing commas like is_valid_option_list', () => {
    expect(isValidOptionList(',size=1M')).toBe(false);
    expect(isValidOptionList('size=1M,')).toBe(false);
    expect(isValidOptionList('backing_file=a,,')).toBe(true);
    expect(isValidOptionList('')).toBe(false);
  });
  it('finds help', () => {
    expect(hasHelpOption('size=1,help')).toBe(true);
    expect(hasHelpOption('?')).toBe(true);
    expect(hasHelpOption('help=1')).toBe(false);
  });
});

const DESCS: OptDesc[] = [
  { name: 'size', type: 'size' },
  { name: 'nocow', type: 'bool' },
  { name: 'preallocation', type: 'string' },
  { name: 'refcount_bits', type: 'number', defaultValue: '16' },
];

describe('validateOpts', () => {
  it('rejects unknown names with QEMU text', () => {
    expect(() => validateOpts(splitOpts('foo=1'), DESCS)).toThrow("Invalid parameter 'foo'");
  });
  it('parses typed values with QEMU errors', () => {
    expect(() => validateOpts(splitOpts('size=x'), DESCS)).toThrow("Parameter 'size' expects a non-negative number below 2^64");
    expect(() => validateOpts(splitOpts('size=16E'), DESCS)).toThrow("Value '16E' is out of range for parameter 'size'");
    expect(() => validateOpts(splitOpts('nocow=x'), DESCS)).toThrow("Parameter 'nocow' expects 'on' or 'off'");
    expect(() => validateOpts(splitOpts('refcount_bits=x'), DESCS)).toThrow("Parameter 'refcount_bits' expects a number");
    try {
      validateOpts(splitOpts('size=x'), DESCS);
    } catch (e) {
      expect((e as OptsError).hint).toMatch(/^Optional suffix k, M, G, T, P or E/);
    }
  });
  it('lets later duplicates win and prints in descriptor order with defaults', () => {
    const m = validateOpts(splitOpts('preallocation=a,,b,size=1M,size=2k,nocow=on'), DESCS);
    expect(printOpts(m, DESCS)).toBe('size=2048 nocow=on preallocation=a,,b refcount_bits=16');
  });
});

describe('QEMU quirks', () => {
  it('reads "nocow" as cow=off, as QEMU 7.2 does', () => {
    expect(() => validateOpts(splitOpts('nocow'), DESCS)).toThrow("Invalid parameter 'cow'");
  });
});

describe('numbers as parse_option_number reads them', () => {
  it('accepts hex, octal, signs and leading blanks; refuses trailing text and overflow', () => {
    const d: OptDesc = { name: 'refcount_bits', type: 'number' };
    const v = (t: string) => validateOpts([{ name: 'refcount_bits', value: t }], [d]).get('refcount_bits')!.value;
    expect(v('010')).toBe(8n);
    expect(v('0x10')).toBe(16n);
    expect(v(' +16')).toBe(16n);
    expect(v('-16')).toBe((1n << 64n) - 16n);
    expect(() => v('16 ')).toThrow("Parameter 'refcount_bits' expects a number");
    expect(() => v('08')).toThrow("Parameter 'refcount_bits' expects a number");
    expect(() => v('99999999999999999999999')).toThrow("Value '99999999999999999999999' is too large for parameter 'refcount_bits'");
  });
  it('prints wrapped values as signed, like %" PRId64', () => {
    const d: OptDesc[] = [{ name: 'refcount_bits', type: 'number' }];
    expect(printOpts(validateOpts([{ name: 'refcount_bits', value: '-1' }], d), d)).toBe('refcount_bits=-1');
  });
});
