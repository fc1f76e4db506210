// Unit tests for blkdebug's config-file parser and option-list reader (texts observed on QEMU 7.2).
import { describe, expect, it } from 'vitest';
import { parseConfigText, parseOptNumber, sectionsFromOptions } from './blkdebug-config.ts';

const parse = (text: string) => parseConfigText(text).map((s) => [s.section, Object.fromEntries(s.values)]);

describe('parseConfigText', () => {
  it('reads sections, key = "value" lines, comments and blank lines', () => {
    expect(parse('# c\n\n[inject-error]\nevent = "read_aio"\nerrno = "28"\n[set-state "x"]\nevent = "l2_load"\nnew_state = "2"\n')).toEqual([
      ['inject-error', { event: 'read_aio', errno: '28' }],
      ['set-state', { event: 'l2_load', new_state: '2' }],
    ]);
  });
  it('takes the first token as the key and an empty value when the value is not quoted', () => {
    expect(parse('[inject-error]\n  event   =   "read_aio"  trailing\n')).toEqual([['inject-error', { event: 'read_aio' }]]);
    expect(parse('[inject-error]\nevent = read_aio\n')).toEqual([['inject-error', { event: '' }]]);
  });
  it('the last value of a repeated key wins', () => {
    expect(parse('[inject-error]\nevent = "read_aio"\nevent = "write_aio"\n')).toEqual([['inject-error', { event: 'write_aio' }]]);
  });
  it('fails as QEMU does', () => {
    expect(() => parseConfigText('garbage\n')).toThrow('no group defined');
    expect(() => parseConfigText('[foo]\n')).toThrow("There is no option group 'foo'");
    expect(() => parseConfigText('[inject-error\n')).toThrow("There is no option group 'inject-error\n'");
    expect(() => parseConfigText('   \n')).toThrow('parse error');
    expect(() => parseConfigText('[inject-error]\nevent="read_aio"\n')).toThrow(`Invalid parameter 'event="read_aio"'`);
    expect(() => parseConfigText('[inject-error]\nerrno = "x"\n')).toThrow("Parameter 'errno' expects a number");
    expect(() => parseConfigText('[inject-error]\nonce = "x"\n')).toThrow("Parameter 'once' expects 'on' or 'off'");
  });
});

describe('parseOptNumber', () => {
  it('accepts decimal, hex, octal and wraps negatives', () => {
    expect(parseOptNumber('28')).toBe(28n);
    expect(parseOptNumber('0x1c')).toBe(28n);
    expect(parseOptNumber('034')).toBe(28n);
    expect(parseOptNumber('-5')).toBe(2n ** 64n - 5n);
    expect(parseOptNumber('x')).toBeUndefined();
  });
});

describe('sectionsFromOptions', () => {
  it('reads numbered entries and JSON lists', () => {
    expect(sectionsFromOptions('inject-error', { '0': { event: 'read_aio' }, '1': { event: 'l2_load', errno: 28 } }).length).toBe(2);
    expect(sectionsFromOptions('set-state', [{ event: 'read_aio', new_state: 2 }])[0]!.values.get('new_state')).toBe('2');
  });
  it('fails as QEMU does', () => {
    expect(() => sectionsFromOptions('inject-error', { '0': { event: 'read_aio', foo: '1' } })).toThrow(
      "[inject-error] section doesn't support the option 'foo'",
    );
    expect(() => sectionsFromOptions('inject-error', { '1': { event: 'read_aio' } })).toThrow("Unused option '1.event' for [inject-error]");
    expect(() => sectionsFromOptions('inject-error', { event: 'read_aio' })).toThrow('parse error');
  });
});
