import { describe, expect, it } from 'vitest';
import { nestDotted, parseImageOpts, parseJsonFilename, mergeDefaults } from './open-options.ts';

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
