// The qcow2 header as plain data: a field table with decode and encode (docs/interop/qcow2.txt, "Header").

import { QCOW2_MAGIC, V2_HEADER_SIZE, V3_HEADER_SIZE, V3_MIN_HEADER_SIZE } from './constants.ts';

/** Every header field; 64-bit feature masks stay BigInt so unknown high bits survive. */
export interface Qcow2Header {
  magic: number;
  version: number;
  backingFileOffset: number;
  backingFileSize: number;
  clusterBits: number;
  size: number;
  cryptMethod: number;
  l1Size: number;
  l1TableOffset: number;
  refcountTableOffset: number;
  refcountTableClusters: number;
  nbSnapshots: number;
  snapshotsOffset: number;
  incompatibleFeatures: bigint;
  compatibleFeatures: bigint;
  autoclearFeatures: bigint;
  refcountOrder: number;
  headerLength: number;
  compressionType: number;
  /** Bytes between the fields we know and header_length (a newer QEMU's fields), kept byte-for-byte. */
  unknownFields: Uint8Array;
}

type NumKey = { [K in keyof Qcow2Header]: Qcow2Header[K] extends number ? K : never }[keyof Qcow2Header];
type BigKey = { [K in keyof Qcow2Header]: Qcow2Header[K] extends bigint ? K : never }[keyof Qcow2Header];

/** The fixed fields: byte offset, width and whether they exist in v2 headers. */
const FIELDS: ReadonlyArray<{ key: NumKey | BigKey; at: number; width: 1 | 4 | 8; v3only?: boolean; big?: boolean }> = [
  { key: 'magic', at: 0, width: 4 },
  { key: 'version', at: 4, width: 4 },
  { key: 'backingFileOffset', at: 8, width: 8 },
  { key: 'backingFileSize', at: 16, width: 4 },
  { key: 'clusterBits', at: 20, width: 4 },
  { key: 'size', at: 24, width: 8 },
  { key: 'cryptMethod', at: 32, width: 4 },
  { key: 'l1Size', at: 36, width: 4 },
  { key: 'l1TableOffset', at: 40, width: 8 },
  { key: 'refcountTableOffset', at: 48, width: 8 },
  { key: 'refcountTableClusters', at: 56, width: 4 },
  { key: 'nbSnapshots', at: 60, width: 4 },
  { key: 'snapshotsOffset', at: 64, width: 8 },
  { key: 'incompatibleFeatures', at: 72, width: 8, v3only: true, big: true },
  { key: 'compatibleFeatures', at: 80, width: 8, v3only: true, big: true },
  { key: 'autoclearFeatures', at: 88, width: 8, v3only: true, big: true },
  { key: 'refcountOrder', at: 96, width: 4, v3only: true },
  { key: 'headerLength', at: 100, width: 4, v3only: true },
];

/** Read a big-endian u64 as a number (exact below 2^53; callers bound-check offsets). */
export function readU64(view: DataView, at: number): number {
  return view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
}

export function writeU64(view: DataView, at: number, value: number): void {
  view.setUint32(at, Math.floor(value / 2 ** 32));
  view.setUint32(at + 4, value % 2 ** 32);
}

/**
 * Decode the header from the image's first bytes (at least 72; pass the whole header_length
 * for v3). Version-2 images get v3 defaults (refcount_order 4, header_length 72).
 * Does not validate; see validate.ts.
 */
export function decodeHeader(buf: Uint8Array): Qcow2Header {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const h: Qcow2Header = {
    magic: 0, version: 0, backingFileOffset: 0, backingFileSize: 0, clusterBits: 0, size: 0,
    cryptMethod: 0, l1Size: 0, l1TableOffset: 0, refcountTableOffset: 0, refcountTableClusters: 0,
    nbSnapshots: 0, snapshotsOffset: 0, incompatibleFeatures: 0n, compatibleFeatures: 0n,
    autoclearFeatures: 0n, refcountOrder: 4, headerLength: V2_HEADER_SIZE, compressionType: 0,
    unknownFields: new Uint8Array(0),
  };
  const v3 = buf.length >= V3_MIN_HEADER_SIZE && view.getUint32(4) >= 3;
  for (const f of FIELDS) {
    if (f.v3only && !v3) continue;
    if (f.big) (h[f.key as BigKey] as bigint) = view.getBigUint64(f.at);
    else if (f.width === 8) (h[f.key as NumKey] as number) = readU64(view, f.at);
    else (h[f.key as NumKey] as number) = view.getUint32(f.at);
  }
  if (v3 && h.headerLength > V3_MIN_HEADER_SIZE && buf.length > V3_MIN_HEADER_SIZE) h.compressionType = buf[104]!;
  if (v3 && h.headerLength > V3_HEADER_SIZE && buf.length >= h.headerLength) {
    h.unknownFields = new Uint8Array(buf.subarray(V3_HEADER_SIZE, h.headerLength));
  }
  return h;
}

/** The header bytes QEMU writes for `h` (72 bytes for v2; 112 plus unknown fields for v3). */
export function encodeHeader(h: Qcow2Header): Uint8Array {
  const v3 = h.version >= 3;
  const len = v3 ? V3_HEADER_SIZE + h.unknownFields.length : V2_HEADER_SIZE;
  const buf = new Uint8Array(len);
  const view = new DataView(buf.buffer);
  for (const f of FIELDS) {
    if (f.v3only && !v3) continue;
    if (f.big) view.setBigUint64(f.at, h[f.key as BigKey] as bigint);
    else if (f.width === 8) writeU64(view, f.at, h[f.key as NumKey] as number);
    else view.setUint32(f.at, h[f.key as NumKey] as number);
  }
  if (v3) {
    view.setUint32(100, len);
    buf[104] = h.compressionType;
    buf.set(h.unknownFields, V3_HEADER_SIZE);
  }
  return buf;
}

export { QCOW2_MAGIC };
