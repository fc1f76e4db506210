import { describe, expect, it } from 'vitest';
import { JsonParseError, parseQemuJson, qdictBucket, qdictOrder, quoteJsonString, toQemuJson } from './json.ts';

describe('parseQemuJson', () => {
  it('parses objects, single-quoted strings and numbers', () => {
    expect(parseQemuJson(`{"a": 1, 'b': 'x\\'y', "c": [true, null, -2.5]}`)).toEqual({ a: 1, b: "x'y", c: [true, null, -2.5] });
  });
  it('reports premature end of input as QEMU does', () => {
    expect(() => parseQemuJson('{"driver":"raw"')).toThrow(JsonParseError);
    expect(() => parseQemuJson('{"driver":"raw"')).toThrow('premature EOI');
  });
});

describe('QDict order', () => {
  it('uses tdb_hash buckets', () => {
    expect(qdictBucket('offset')).toBe(180);
    expect(qdictBucket('driver')).toBe(239);
    expect(qdictBucket('file')).toBe(463);
  });
  it('orders keys and quotes strings as QEMU', () => {
    expect(qdictOrder(['fully-allocated', 'required'])).toEqual(['required', 'fully-allocated']);
    expect(quoteJsonString('a\u00e9\u{1F600}')).toBe('"a\\u00E9\\uD83D\\uDE00"');
  });
  it('writes json: filenames in the order QEMU prints them', () => {
    const v = { driver: 'raw', file: { driver: 'file', filename: 'r.raw' }, size: '1024', offset: '512' };
    expect(toQemuJson(v)).toBe('{"offset": "512", "driver": "raw", "size": "1024", "file": {"driver": "file", "filename": "r.raw"}}');
  });
});
