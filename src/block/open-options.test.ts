import { describe, expect, it } from 'vitest';
import { OWN_VALUE, mergeDefaults, nestDotted, ownValue, parseImageOpts, parseJsonFilename, takeOwnValue } from './open-options.ts';
import { OptionReader } from './options.ts';

describe('open options', () => {
  it('nests dotted keys and merges with nested dictionaries', () => {
    expect(nestDotted({ driver: 'raw', 'file.filename': 'x', file: { driver: 'file' } })).toEqual({
      driver: 'raw',
      file: { filename: 'x', driver: 'file' },
    });
  });
  it('parses --image-opts strings with ",," escaping', () => {
    expect(parseImageOpts('driver=raw,file.filename=a,,b,file.driver=file')).toEqual({
      driver: 'raw',
      file: { filename: 'a,b', driver: 'file' },
    });
  });
  it('parses json: filenames and reports QEMU errors', () => {
    expect(parseJsonFilename('json:{"driver":"raw","file.filename":"x"}')).toEqual({ driver: 'raw', file: { filename: 'x' } });
    expect(() => parseJsonFilename('json:[1]')).toThrow('Invalid JSON object given');
    expect(() => parseJsonFilename('json:{"a"')).toThrow('Could not parse the JSON options: JSON parse error, premature EOI');
  });
  it('lets explicit options win over json: ones', () => {
    expect(mergeDefaults({ a: '1', f: { x: '1' } }, { a: '2', b: '3', f: { x: '2', y: '2' } })).toEqual({ a: '1', b: '3', f: { x: '1', y: '2' } });
  });
});

describe('image-opts quirks', () => {
  it('gives a leading bare word to the implied option and keeps empty names', () => {
    expect(parseImageOpts('r.raw', 'file')).toEqual({ file: 'r.raw' });
    expect(parseImageOpts('r.raw')).toEqual({ r: { raw: 'on' } });
    expect(parseImageOpts('driver=raw,=x')).toEqual({ driver: 'raw', '': 'x' });
  });
});

describe('a value beside dotted keys of the same name', () => {
  it('keeps both, in either order (QEMU options are flat)', () => {
    const a = nestDotted({ 'overlap-check': 'none', 'overlap-check.template': 'all' });
    const b = nestDotted({ 'overlap-check.template': 'all', 'overlap-check': 'none' });
    for (const d of [a, b]) expect(d).toEqual({ 'overlap-check': { template: 'all', [OWN_VALUE]: 'none' } });
    expect(ownValue(a['overlap-check'])).toBe('none');
  });
  it('reads the value as a string option and leaves the dotted keys over', () => {
    const r = new OptionReader(nestDotted({ 'lazy-refcounts': 'on', 'lazy-refcounts.x': '1' }));
    expect(r.bool('lazy-refcounts')).toBe(true);
    expect(r.leftovers()).toEqual(['lazy-refcounts.x']);
    const unread = new OptionReader(nestDotted({ foo: '1', 'foo.bar': '2' }));
    expect(unread.leftovers()).toEqual(['foo.bar', 'foo']);
  });
  it('takeOwnValue makes the name a plain value again, the dotted keys flat', () => {
    const d = nestDotted({ driver: 'qcow2', 'driver.x.y': '1' });
    takeOwnValue(d, 'driver');
    expect(d).toEqual({ driver: 'qcow2', 'driver.x.y': '1' });
  });
});
