// Unit tests of the bitmap codecs against annotated bytes: extension, directory (with QEMU's order of checks), table entries, data clusters.

import { describe, expect, it } from 'vitest';
import {
  BME_AUTO, BME_IN_USE, BitmapDirError, decodeBitmapsExt, decodeDirectory, dirEntrySize, encodeBitmapsExt, encodeDirectory,
  entryMeetsConstraints, type DirEntry,
} from './bitmap-dir.ts';
import { dataClusters, dataOffsets, decodeBitmapTable, encodeBitmapTable, loadBits, tableEntryValid, tableSizeFor } from './bitmap-table.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const entry = (over: Partial<DirEntry> = {}): DirEntry => ({
  tableOffset: 0x60000, tableSize: 1, flags: BME_AUTO, type: 1, granularityBits: 16, name: 'b1', extraData: new Uint8Array(0), ...over,
});

describe('bitmaps extension', () => {
  it('is nb_bitmaps, reserved, directory size and offset', () => {
    const bytes = hex('00000002 00000000 0000000000000040 00000000001c0000');
    expect(decodeBitmapsExt(bytes)).toEqual({ nbBitmaps: 2, reserved: 0, directorySize: 64, directoryOffset: 0x1c0000 });
    expect(encodeBitmapsExt(decodeBitmapsExt(bytes))).toEqual(bytes);
  });
});

describe('bitmap directory', () => {
  // An entry as QEMU 7.2 wrote it: table 0x60000 (1 entry), flags auto, type 1, 64 KiB granularity, name "b1", padded to 32.
  const b1 = hex('0000000000060000 00000001 00000002 01 10 0002 00000000 6231 000000000000');

  it('decodes and encodes entries padded to 8 bytes', () => {
    expect(dirEntrySize(2, 0)).toBe(32);
    expect(dirEntrySize(8, 0)).toBe(32);
    expect(dirEntrySize(9, 0)).toBe(40);
    const dir = decodeDirectory(b1, 1, () => true);
    expect(dir).toEqual([entry()]);
    expect(encodeDirectory(dir)).toEqual(b1);
    const two = encodeDirectory([entry(), entry({ name: 'longer_name', flags: 0, granularityBits: 9 })]);
    expect(two.length).toBe(32 + 40);
    expect(decodeDirectory(two, 2, () => true).map((e) => e.name)).toEqual(['b1', 'longer_name']);
  });

  it('reports malformed directories with QEMU messages, in its order', () => {
    const fail = (buf: Uint8Array, n: number, ok = true) => {
      try {
        decodeDirectory(buf, n, () => ok);
        return 'no error';
      } catch (e) {
        expect(e).toBeInstanceOf(BitmapDirError);
        return (e as Error).message;
      }
    };
    expect(fail(b1, 2)).toBe('Less bitmaps found than specified in header extension');
    expect(fail(Buffer.concat([b1, b1]), 1)).toBe('More bitmaps found than specified in header extension');
    // 8 bytes left after the entry: too short for a fixed part, which is checked first.
    expect(fail(Buffer.concat([b1, new Uint8Array(8)]), 1)).toBe('Broken bitmap directory');
    expect(fail(b1.subarray(0, 16), 1)).toBe('Broken bitmap directory');
    const longName = Uint8Array.from(b1);
    longName[19] = 9;
    expect(fail(longName, 1)).toBe('Broken bitmap directory');
    const extra = Buffer.concat([b1, new Uint8Array(8)]);
    extra[23] = 8;
    expect(fail(extra, 1)).toBe('Bitmap extra data is not supported');
    expect(fail(b1, 1, false)).toBe("Bitmap 'b1' doesn't satisfy the constraints");
  });

  it('applies check_dir_entry constraints', () => {
    const ok = (e: Partial<DirEntry>, size = 64 << 20) => entryMeetsConstraints(entry(e), 65536, size);
    expect(ok({})).toBe(true);
    expect(ok({ tableOffset: 0 })).toBe(false);
    expect(ok({ tableOffset: 0x60001 })).toBe(false);
    expect(ok({ tableSize: 0 })).toBe(false);
    expect(ok({ granularityBits: 8 })).toBe(false);
    expect(ok({ granularityBits: 31 })).toBe(true);
    expect(ok({ granularityBits: 32 })).toBe(false);
    expect(ok({ flags: 8 })).toBe(false);
    expect(ok({ type: 2 })).toBe(false);
    // One table entry covers 65536 * 8 bits of 512 bytes: 256 MiB. Bigger images need more, unless in use.
    expect(ok({ granularityBits: 9 }, 256 << 20)).toBe(true);
    expect(ok({ granularityBits: 9 }, (256 << 20) + 512)).toBe(false);
    expect(ok({ granularityBits: 9, flags: BME_IN_USE }, (256 << 20) + 512)).toBe(true);
  });
});

describe('bitmap table', () => {
  it('decodes data, all-zero and all-one entries and rejects malformed ones', () => {
    const t = hex('0000000000190000 0000000000000000 0000000000000001');
    expect(decodeBitmapTable(t, 65536)).toEqual([{ kind: 'data', offset: 0x190000 }, { kind: 'zeros' }, { kind: 'ones' }]);
    expect(decodeBitmapTable(hex('0000000000190001'), 65536)).toBeUndefined();
    expect(decodeBitmapTable(hex('0000000000190200'), 65536)).toBeUndefined();
    expect(decodeBitmapTable(hex('0100000000000000'), 65536)).toBeUndefined();
    expect(decodeBitmapTable(hex('0000000000000002'), 65536)).toBeUndefined();
    expect(tableEntryValid(0x190000n, 65536)).toBe(true);
    expect(tableEntryValid(0x190001n, 65536)).toBe(false);
    expect(dataOffsets(t)).toEqual([{ index: 0, raw: 0x190000n, offset: 0x190000 }, { index: 2, raw: 1n, offset: 0 }]);
    expect(encodeBitmapTable([0x190000, 0])).toEqual(hex('0000000000190000 0000000000000000'));
  });

  it('splits bitmap bytes into clusters, all-zero ones as null', () => {
    const bits = new Uint8Array(1300);
    bits[700] = 0x81;
    const pieces = dataClusters(bits, 512);
    expect(tableSizeFor(bits.length, 512)).toBe(3);
    expect(pieces.map((p) => (p === null ? null : p.length))).toEqual([null, 512, null]);
    expect(pieces[1]![188]).toBe(0x81);
  });

  it('loads bits from data, zero and one clusters, clearing bits past the end', async () => {
    const bits = new Uint8Array(3);
    const table = decodeBitmapTable(hex('0000000000000400 0000000000000001'), 512)!;
    // Bitmap of 20 bits in clusters of 2 bytes: the first from data, the second all ones.
    await loadBits(table, bits, 20, 2, async (off) => (off === 0x400 ? hex('a5 5a') : new Uint8Array(2)));
    expect([...bits]).toEqual([0xa5, 0x5a, 0x0f]);
  });
});
