// Unit tests for the QEMU-style JSON printer, against real qemu-img 7.2 output.
import { describe, expect, it } from 'vitest';
import { qdictOrder, quoteString, toPrettyJson } from './qjson.ts';

describe('qjson', () => {
  it('orders keys as QEMU QDict iteration does', () => {
    expect(
      qdictOrder(['filename', 'format', 'dirty-flag', 'actual-size', 'virtual-size', 'cluster-size', 'format-specific',
        'backing-filename', 'full-backing-filename', 'backing-filename-format']),
    ).toEqual(['backing-filename-format', 'virtual-size', 'filename', 'cluster-size', 'format', 'actual-size',
      'format-specific', 'full-backing-filename', 'backing-filename', 'dirty-flag']);
    expect(qdictOrder(['fully-allocated', 'required'])).toEqual(['required', 'fully-allocated']);
  });
  it('pretty prints nested objects and arrays', () => {
    expect(toPrettyJson([{ a: 1, t: { type: 'x', data: { compat: '1.1' } } }])).toBe(
      '[\n    {\n        "t": {\n            "type": "x",\n            "data": {\n                "compat": "1.1"\n            }\n        },\n        "a": 1\n    }\n]',
    );
  });
  it('escapes like QEMU', () => {
    expect(quoteString('we"ird/\u00e9\\x.img')).toBe('"we\\"ird/\\u00E9\\\\x.img"');
  });
});
