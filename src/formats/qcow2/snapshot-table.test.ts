// The snapshot table codec: entry alignment and the table's length as QEMU writes and reads it.

import { describe, expect, it } from 'vitest';
import { decodeSnapshots, encodeSnapshots, type SnapshotEntry } from './snapshot-table.ts';

function entry(id: string, name: string): SnapshotEntry {
  return {
    l1TableOffset: 0x30000, l1Size: 1, id, name, dateSec: 1, dateNsec: 2, vmClockNsec: 3,
    vmStateSize: 0, diskSize: 1 << 20, icount: -1, extraSize: 24,
  };
}

describe('snapshot table', () => {
  it('pads every entry but the last to 8 bytes (qemu-img snapshot -c s1 leaves a 67-byte table)', () => {
    expect(encodeSnapshots([entry('1', 's1')]).length).toBe(40 + 24 + 1 + 2);
    expect(encodeSnapshots([entry('1', 's1'), entry('2', 'snap2')]).length).toBe(72 + 40 + 24 + 1 + 5);
  });

  it('decodes what it encodes and reports the unpadded length', () => {
    const bytes = encodeSnapshots([entry('1', 's1'), entry('2', 'snap2')]);
    const r = decodeSnapshots(bytes, 2, 0);
    expect(r.bytes).toBe(142);
    expect(r.entries.map((e) => [e.id, e.name, e.diskSize, e.icount])).toEqual([['1', 's1', 1 << 20, -1], ['2', 'snap2', 1 << 20, -1]]);
  });

  it('treats a table cut short inside a name as truncated', () => {
    const bytes = encodeSnapshots([entry('1', 's1')]);
    expect(() => decodeSnapshots(bytes.subarray(0, 66), 1, 0)).toThrow(RangeError);
  });

  it('reads ids and names as C strings: a NUL ends them', () => {
    const bytes = encodeSnapshots([entry('1', 'ab')]);
    bytes[40 + 24 + 1 + 1] = 0; // the name's second byte
    bytes[40 + 24] = 0; // the id's only byte
    const [e] = decodeSnapshots(bytes, 1, 0).entries;
    expect([e!.id, e!.name]).toEqual(['', 'a']);
  });
});

describe('unknown extra data', () => {
  it('is kept (up to 1 KiB in all) and written back after the known 24 bytes', () => {
    const e = { ...entry('1', 's'), unknownExtra: new Uint8Array([9, 8, 7]) };
    const bytes = encodeSnapshots([e]);
    expect(bytes.length).toBe(40 + 27 + 1 + 1);
    const [back] = decodeSnapshots(bytes, 1, 0).entries;
    expect([back!.extraSize, [...back!.unknownExtra!], back!.id, back!.name]).toEqual([27, [9, 8, 7], '1', 's']);
  });
});
