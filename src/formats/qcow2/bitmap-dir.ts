// qcow2 bitmaps: the header extension and bitmap directory codecs (docs/interop/qcow2.txt, "Bitmaps extension", "Bitmap directory").

import { readU64, writeU64 } from './header.ts';

/** Directory entry flags. */
export const BME_IN_USE = 1 << 0;
export const BME_AUTO = 1 << 1;
export const BME_EXTRA_DATA_COMPATIBLE = 1 << 2;
const BME_RESERVED_FLAGS = ~(BME_IN_USE | BME_AUTO | BME_EXTRA_DATA_COMPATIBLE) >>> 0;
/** The only bitmap type: dirty tracking. */
export const BT_DIRTY_TRACKING = 1;

/** QEMU's limits on bitmap metadata (qcow2.h), so hostile images fail as they do there. */
export const BITMAP_LIMITS = {
  /** QCOW2_MAX_BITMAPS. */
  maxBitmaps: 65535,
  /** QCOW2_MAX_BITMAP_DIRECTORY_SIZE: 1024 bytes for each of the most bitmaps. */
  maxDirectorySize: 1024 * 65535,
  /** Granularities from 512 bytes to 2 GiB. */
  minGranularityBits: 9,
  maxGranularityBits: 31,
  /** Bitmap table entries, and bytes of bitmap data (BME_MAX_TABLE_SIZE, BME_MAX_PHYS_SIZE). */
  maxTableSize: 0x8000000,
  maxPhysSize: 0x20000000,
  maxNameSize: 1023,
} as const;

/** The 24-byte bitmaps header extension. */
export interface BitmapsExt {
  nbBitmaps: number;
  reserved: number;
  directorySize: number;
  directoryOffset: number;
}

export const BITMAPS_EXT_SIZE = 24;

export function decodeBitmapsExt(data: Uint8Array): BitmapsExt {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { nbBitmaps: v.getUint32(0), reserved: v.getUint32(4), directorySize: readU64(v, 8), directoryOffset: readU64(v, 16) };
}

export function encodeBitmapsExt(e: BitmapsExt): Uint8Array {
  const out = new Uint8Array(BITMAPS_EXT_SIZE);
  const v = new DataView(out.buffer);
  v.setUint32(0, e.nbBitmaps);
  v.setUint32(4, e.reserved);
  writeU64(v, 8, e.directorySize);
  writeU64(v, 16, e.directoryOffset);
  return out;
}

/** One bitmap directory entry. Names are kept as raw bytes decoded as UTF-8 (what QEMU prints). */
export interface DirEntry {
  tableOffset: number;
  tableSize: number;
  flags: number;
  type: number;
  granularityBits: number;
  name: string;
  extraData: Uint8Array;
}

const ENTRY_FIXED = 24;

/** Bytes an entry takes in the directory: fixed part, extra data and name, padded to 8. */
export function dirEntrySize(nameBytes: number, extraBytes: number): number {
  return (ENTRY_FIXED + extraBytes + nameBytes + 7) & ~7;
}

/** A malformed directory, with QEMU's message. */
export class BitmapDirError extends Error {}

/**
 * Decode `count` entries filling `buf` exactly (bitmap_list_load's structural checks, in its order).
 * `checkEntry` applies the per-entry constraints; it returns false for an entry QEMU rejects.
 */
export function decodeDirectory(buf: Uint8Array, count: number, checkEntry: (e: DirEntry) => boolean): DirEntry[] {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: DirEntry[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + ENTRY_FIXED > buf.length) throw new BitmapDirError('Broken bitmap directory');
    if (out.length >= count) throw new BitmapDirError('More bitmaps found than specified in header extension');
    const nameSize = v.getUint16(at + 18);
    const extraSize = v.getUint32(at + 20);
    const size = dirEntrySize(nameSize, extraSize);
    if (at + size > buf.length) throw new BitmapDirError('Broken bitmap directory');
    if (extraSize !== 0) throw new BitmapDirError('Bitmap extra data is not supported');
    const nameAt = at + ENTRY_FIXED + extraSize;
    const e: DirEntry = {
      tableOffset: readU64(v, at),
      tableSize: v.getUint32(at + 8),
      flags: v.getUint32(at + 12),
      type: buf[at + 16]!,
      granularityBits: buf[at + 17]!,
      name: Buffer.from(buf.subarray(nameAt, nameAt + nameSize)).toString('utf8'),
      extraData: new Uint8Array(0),
    };
    if (!checkEntry(e)) throw new BitmapDirError(`Bitmap '${e.name}' doesn't satisfy the constraints`);
    out.push(e);
    at += size;
  }
  if (out.length !== count) throw new BitmapDirError('Less bitmaps found than specified in header extension');
  return out;
}

/** Encode the directory (entries in order, each padded to 8 bytes). */
export function encodeDirectory(entries: readonly DirEntry[]): Uint8Array {
  const names = entries.map((e) => Buffer.from(e.name, 'utf8'));
  const total = entries.reduce((n, e, i) => n + dirEntrySize(names[i]!.length, e.extraData.length), 0);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  let at = 0;
  entries.forEach((e, i) => {
    const name = names[i]!;
    writeU64(v, at, e.tableOffset);
    v.setUint32(at + 8, e.tableSize);
    v.setUint32(at + 12, e.flags);
    out[at + 16] = e.type;
    out[at + 17] = e.granularityBits;
    v.setUint16(at + 18, name.length);
    v.setUint32(at + 20, e.extraData.length);
    out.set(e.extraData, at + ENTRY_FIXED);
    out.set(name, at + ENTRY_FIXED + e.extraData.length);
    at += dirEntrySize(name.length, e.extraData.length);
  });
  return out;
}

/**
 * check_dir_entry(): the constraints every loaded entry must meet. An entry not in use must have
 * a table big enough for an image of `imageSize` bytes.
 */
export function entryMeetsConstraints(e: DirEntry, clusterSize: number, imageSize: number): boolean {
  const L = BITMAP_LIMITS;
  if (
    e.tableSize === 0 || e.tableOffset === 0 || e.tableOffset % clusterSize !== 0 || e.tableSize > L.maxTableSize ||
    e.granularityBits > L.maxGranularityBits || e.granularityBits < L.minGranularityBits ||
    (e.flags & BME_RESERVED_FLAGS) !== 0 || Buffer.byteLength(e.name, 'utf8') > L.maxNameSize || e.type !== BT_DIRTY_TRACKING
  ) {
    return false;
  }
  const physBytes = e.tableSize * clusterSize;
  if (physBytes > L.maxPhysSize) return false;
  return (e.flags & BME_IN_USE) !== 0 || imageSize <= physBytes * 8 * 2 ** e.granularityBits;
}
