// qcow2 header extensions: decode the list after the header, encode it in QEMU's order, keep unknown ones byte-for-byte.

import { EXT_BACKING_FORMAT, EXT_BITMAPS, EXT_CRYPTO, EXT_DATA_FILE, EXT_END, EXT_FEATURE_TABLE } from './constants.ts';

/** One row of the feature name table: type 0 incompatible, 1 compatible, 2 autoclear. */
export interface FeatureName {
  type: number;
  bit: number;
  name: string;
}

export interface HeaderExtensions {
  backingFormat?: string;
  dataFile?: string;
  featureTable?: FeatureName[];
  /** Extensions we carry without interpreting (bitmaps, crypto, unknown types), in on-disk order. */
  opaque: Array<{ type: number; data: Uint8Array }>;
}

/** The feature names QEMU 7.2 writes into every v3 image, in its order. */
export const QEMU_FEATURE_TABLE: readonly FeatureName[] = [
  { type: 0, bit: 0, name: 'dirty bit' },
  { type: 0, bit: 1, name: 'corrupt bit' },
  { type: 0, bit: 2, name: 'external data file' },
  { type: 0, bit: 3, name: 'compression type' },
  { type: 0, bit: 4, name: 'extended L2 entries' },
  { type: 1, bit: 0, name: 'lazy refcounts' },
  { type: 2, bit: 0, name: 'bitmaps' },
  { type: 2, bit: 1, name: 'raw external data' },
];

const FEATURE_ENTRY_SIZE = 48;
/** The bitmaps extension is exactly 24 bytes (bitmap-dir.ts decodes it). */
const BITMAPS_EXT_LENGTH = 24;
/** QEMU 7.2 leaves the feature name table out of images with clusters of 4 KiB or less. */
const FEATURE_TABLE_MIN_CLUSTER = 4096;
const FEATURE_NAME_SIZE = 46;

export type ExtensionError = 'too-large' | 'backing-format-too-long' | 'bitmaps-length';

/** Thrown for an extension whose length runs past `end`, as QEMU's "Header extension too large". */
export class ExtensionDecodeError extends Error {
  constructor(
    readonly kind: ExtensionError,
    readonly length = 0,
  ) {
    super(kind);
  }
}

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** Decode extensions from `buf` (the bytes from header_length up to the extension area's end). */
export function decodeExtensions(buf: Uint8Array): HeaderExtensions {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: HeaderExtensions = { opaque: [] };
  let pos = 0;
  while (pos + 8 <= buf.length) {
    const type = view.getUint32(pos);
    const len = view.getUint32(pos + 4);
    pos += 8;
    // The length is checked before the end marker is recognised, as QEMU does.
    if (len > buf.length - pos) throw new ExtensionDecodeError('too-large');
    if (type === EXT_END) break;
    const data = new Uint8Array(buf.subarray(pos, pos + len));
    if (type === EXT_BACKING_FORMAT) {
      if (len >= 16) throw new ExtensionDecodeError('backing-format-too-long', len);
      out.backingFormat = cString(data);
    } else if (type === EXT_FEATURE_TABLE) {
      out.featureTable = decodeFeatureTable(data);
    } else if (type === EXT_BITMAPS && len !== BITMAPS_EXT_LENGTH) {
      // Checked where it is met, before any later extension is parsed.
      throw new ExtensionDecodeError('bitmaps-length');
    } else if (type === EXT_DATA_FILE) {
      out.dataFile = cString(data);
    } else {
      out.opaque.push({ type, data });
    }
    pos += (len + 7) & ~7;
  }
  return out;
}

function cString(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return latin1(nul < 0 ? b : b.subarray(0, nul));
}

function decodeFeatureTable(data: Uint8Array): FeatureName[] {
  const rows: FeatureName[] = [];
  for (let at = 0; at + FEATURE_ENTRY_SIZE <= data.length; at += FEATURE_ENTRY_SIZE) {
    rows.push({ type: data[at]!, bit: data[at + 1]!, name: cString(data.subarray(at + 2, at + FEATURE_ENTRY_SIZE)) });
  }
  return rows;
}

function extension(type: number, data: Uint8Array): Uint8Array {
  const padded = (data.length + 7) & ~7;
  const out = new Uint8Array(8 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type);
  view.setUint32(4, data.length);
  out.set(data, 8);
  return out;
}

function encodeFeatureTable(rows: readonly FeatureName[]): Uint8Array {
  const out = new Uint8Array(rows.length * FEATURE_ENTRY_SIZE);
  rows.forEach((r, i) => {
    out[i * FEATURE_ENTRY_SIZE] = r.type;
    out[i * FEATURE_ENTRY_SIZE + 1] = r.bit;
    out.set(Buffer.from(r.name.slice(0, FEATURE_NAME_SIZE), 'latin1'), i * FEATURE_ENTRY_SIZE + 2);
  });
  return out;
}

/**
 * The extension area as QEMU's header update writes it (observed with all three): backing format, data file, crypto,
 * feature table (v3 only: QEMU's own table, and like QEMU 7.2 only with clusters above 4 KiB),
 * bitmaps, unknown extensions, end marker.
 */
export function encodeExtensions(ext: HeaderExtensions, version: number, clusterSize: number): Uint8Array {
  const parts: Uint8Array[] = [];
  if (ext.backingFormat) parts.push(extension(EXT_BACKING_FORMAT, Buffer.from(ext.backingFormat, 'latin1')));
  if (ext.dataFile !== undefined) parts.push(extension(EXT_DATA_FILE, Buffer.from(ext.dataFile, 'latin1')));
  for (const o of ext.opaque) if (o.type === EXT_CRYPTO) parts.push(extension(o.type, o.data));
  if (version >= 3 && clusterSize > FEATURE_TABLE_MIN_CLUSTER) parts.push(extension(EXT_FEATURE_TABLE, encodeFeatureTable(QEMU_FEATURE_TABLE)));
  for (const o of ext.opaque) if (o.type === EXT_BITMAPS) parts.push(extension(o.type, o.data));
  for (const o of ext.opaque) {
    if (o.type !== EXT_CRYPTO && o.type !== EXT_BITMAPS) parts.push(extension(o.type, o.data));
  }
  parts.push(new Uint8Array(8));
  return Buffer.concat(parts);
}

/** Name for an unknown feature bit from the image's table, or QEMU's "Unknown incompatible feature: %lx". */
export function describeFeatures(mask: bigint, type: number, table: readonly FeatureName[] | undefined): string {
  const names: string[] = [];
  let rest = mask;
  for (const row of table ?? []) {
    if (row.type !== type) continue;
    const bit = 1n << BigInt(row.bit);
    if (rest & bit) {
      names.push(row.name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`Unknown incompatible feature: ${rest.toString(16)}`);
  return names.join(', ');
}
