// Unit tests of the pure qcow2 codecs against annotated byte arrays.

import { describe, expect, it } from 'vitest';
import { decodeHeader, encodeHeader } from './header.ts';
import { decodeExtensions, describeFeatures, encodeExtensions, QEMU_FEATURE_TABLE } from './extensions.ts';
import { l1, l2, readEntry, reftable, writeEntry } from './entries.ts';
import { getRefcount, setRefcount } from './refblock.ts';
import { makeGeometry, l1Index, l2Index, l1EntriesFor } from './geometry.ts';
import { refcountMetadataFor } from './reftable-grow.ts';

/** The first 112 bytes of `qemu-img create -f qcow2 x 1M` (QEMU 7.2). */
const HEADER_1M = Buffer.from(
  '514649fb' + '00000003' + // magic "QFI\xfb", version 3
  '0000000000000000' + '00000000' + // backing_file_offset, backing_file_size
  '00000010' + '0000000000100000' + // cluster_bits 16, size 1 MiB
  '00000000' + '00000001' + '0000000000030000' + // crypt_method, l1_size 1, l1_table_offset 0x30000
  '0000000000010000' + '00000001' + // refcount_table_offset 0x10000, refcount_table_clusters 1
  '00000000' + '0000000000000000' + // nb_snapshots, snapshots_offset
  '0000000000000000' + '0000000000000000' + '0000000000000000' + // incompatible, compatible, autoclear
  '00000004' + '00000070' + // refcount_order 4, header_length 112
  '00' + '00000000000000', // compression_type zlib, padding
  'hex',
);

describe('header', () => {
  it('decodes every field of a v3 header', () => {
    const h = decodeHeader(HEADER_1M);
    expect(h).toMatchObject({
      version: 3, clusterBits: 16, size: 1048576, l1Size: 1, l1TableOffset: 0x30000,
      refcountTableOffset: 0x10000, refcountTableClusters: 1, refcountOrder: 4, headerLength: 112, compressionType: 0,
    });
    expect(h.incompatibleFeatures).toBe(0n);
  });
  it('round-trips byte for byte', () => {
    expect(Buffer.from(encodeHeader(decodeHeader(HEADER_1M))).equals(HEADER_1M)).toBe(true);
  });
  it('gives v2 headers v3 defaults and encodes 72 bytes', () => {
    const v2 = Buffer.from(HEADER_1M);
    v2.writeUInt32BE(2, 4);
    const h = decodeHeader(v2.subarray(0, 72));
    expect(h.refcountOrder).toBe(4);
    expect(h.headerLength).toBe(72);
    expect(encodeHeader(h).length).toBe(72);
  });
  it('keeps header fields it does not know', () => {
    const long = Buffer.concat([HEADER_1M, Buffer.from('0102030405060708', 'hex')]);
    long.writeUInt32BE(120, 100);
    const h = decodeHeader(long);
    expect([...h.unknownFields]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Buffer.from(encodeHeader(h)).equals(long)).toBe(true);
  });
});

describe('extensions', () => {
  it('encodes backing format, QEMU feature table and end marker in QEMU order', () => {
    const bytes = encodeExtensions({ backingFormat: 'qcow2', opaque: [] }, 3, 65536);
    expect(Buffer.from(bytes.subarray(0, 16)).toString('hex')).toBe('e2792aca00000005' + '71636f7732000000');
    expect(Buffer.from(bytes.subarray(16, 24)).toString('hex')).toBe('6803f85700000180');
    expect(bytes.length).toBe(16 + 8 + 384 + 8);
    const back = decodeExtensions(bytes);
    expect(back.backingFormat).toBe('qcow2');
    expect(back.featureTable).toEqual(QEMU_FEATURE_TABLE);
  });
  it('leaves the feature table out of v2 images and small clusters', () => {
    expect(encodeExtensions({ opaque: [] }, 2, 65536).length).toBe(8);
    expect(encodeExtensions({ opaque: [] }, 3, 4096).length).toBe(8);
  });
  it('keeps unknown extensions byte for byte', () => {
    const ext = { opaque: [{ type: 0x12345678, data: Uint8Array.from([9, 8, 7]) }] };
    const back = decodeExtensions(encodeExtensions(ext, 2, 65536));
    expect(back.opaque).toEqual(ext.opaque);
  });
  it('names unsupported features like QEMU', () => {
    expect(describeFeatures(0x4n | (1n << 40n), 0, QEMU_FEATURE_TABLE)).toBe(
      'external data file, Unknown incompatible feature: 10000000000',
    );
  });
});

describe('entries', () => {
  it('decodes L1, L2 and refcount-table entries', () => {
    const t = new Uint8Array(32);
    writeEntry(t, 0, { hi: 0x80000000, lo: 0x00040000 });
    writeEntry(t, 1, { hi: 0x00000000, lo: 0x00000001 });
    writeEntry(t, 2, l2.make(0x50000, true, true));
    expect(l1.l2Offset(readEntry(t, 0))).toBe(0x40000);
    expect(l1.copied(readEntry(t, 0))).toBe(true);
    expect(l2.type(readEntry(t, 1))).toBe('zero-plain');
    expect(l2.type(readEntry(t, 2))).toBe('zero-alloc');
    expect(reftable.blockOffset(reftable.make(0x20000))).toBe(0x20000);
  });
  it('round-trips compressed descriptors (64 KiB clusters: 54 offset bits)', () => {
    const e = l2.makeCompressed(0x50123, 1000, 16);
    expect(l2.type(e)).toBe('compressed');
    const ref = l2.compressedRef(e, 16);
    expect(ref.offset).toBe(0x50123);
    expect(ref.sectors).toBe(Math.floor((0x50123 + 999) / 512) - Math.floor(0x50123 / 512) + 1);
  });
});

describe('refcounts and geometry', () => {
  it('packs sub-byte refcounts from the least significant bit', () => {
    const b = new Uint8Array(2);
    setRefcount(b, 0, 1, 1);
    setRefcount(b, 1, 2, 3);
    expect(b[0]).toBe(0b00110010);
    expect(getRefcount(b, 1, 2)).toBe(3);
    const w = new Uint8Array(16);
    setRefcount(w, 6, 1, 2 ** 40 + 5);
    expect(getRefcount(w, 6, 1)).toBe(2 ** 40 + 5);
  });
  it('stores 8- to 64-bit refcounts big-endian, as a DataView would', () => {
    for (const order of [3, 4, 5, 6]) {
      const bytes = (1 << order) / 8;
      const b = new Uint8Array(bytes * 4);
      const value = Math.min(2 ** (bytes * 8) - 2, 0x1234567890ab) - 1;
      setRefcount(b, order, 2, value);
      const v = new DataView(b.buffer, 2 * bytes, bytes);
      const expected = bytes === 1 ? v.getUint8(0) : bytes === 2 ? v.getUint16(0) : bytes === 4 ? v.getUint32(0) : Number(v.getBigUint64(0));
      expect(expected).toBe(value);
      expect(getRefcount(b, order, 2)).toBe(value);
      expect(() => getRefcount(b, order, 4)).toThrow(RangeError);
    }
  });
  it('reads and writes table entries as two big-endian words', () => {
    const t = new Uint8Array(16);
    writeEntry(t, 1, { hi: 0x80000001, lo: 0xfffffe00 });
    expect(new DataView(t.buffer).getBigUint64(8)).toBe(0x80000001fffffe00n);
    expect(readEntry(t, 1)).toEqual({ hi: 0x80000001, lo: 0xfffffe00 });
    expect(() => readEntry(t, 2)).toThrow(RangeError);
  });
  it('maps guest offsets to table indices', () => {
    const g = makeGeometry(16, 4);
    expect(g.l2Entries).toBe(8192);
    expect(g.refblockEntries).toBe(32768);
    expect(l1Index(g, 512 << 20)).toBe(1);
    expect(l2Index(g, 3 * 65536 + 5)).toBe(3);
    expect(l1EntriesFor(g, 1)).toBe(1);
  });
  it('sizes refcount metadata to a fixed point with growth slack', () => {
    expect(refcountMetadataFor(16640, 256, 64)).toEqual({ blocks: 66, tableClusters: 2 });
  });
});
