// Typed L1, L2 and refcount-table entries with named accessors (docs/interop/qcow2.txt, "Cluster mapping").

/** An entry as its two big-endian 32-bit halves; tables are read and written through these. */
export interface RawEntry {
  hi: number;
  lo: number;
}

const TWO32 = 2 ** 32;
/** Bits 9..55: the cluster-aligned host offset in L1, L2 and refcount-table entries. */
const OFFSET_HI_MASK = 0x00ffffff;
const OFFSET_LO_MASK = 0xfffffe00;
/** Bit 63 (COPIED) and bit 62 (COMPRESSED) live in the high word. */
const HI_COPIED = 0x80000000;
const HI_COMPRESSED = 0x40000000;
/** Bit 0 of a standard L2 entry: reads as zeros (v3). */
const LO_ZERO = 1;

/** Big-endian 32-bit word at byte `at` (plain byte arithmetic: no DataView per access on hot paths). */
export function readBe32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

export function writeBe32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = v >>> 16;
  b[at + 2] = v >>> 8;
  b[at + 3] = v;
}

export function readEntry(table: Uint8Array, index: number): RawEntry {
  if (index < 0 || index * 8 + 8 > table.length) throw new RangeError('table entry out of range');
  return { hi: readBe32(table, index * 8), lo: readBe32(table, index * 8 + 4) };
}

export function writeEntry(table: Uint8Array, index: number, e: RawEntry): void {
  if (index < 0 || index * 8 + 8 > table.length) throw new RangeError('table entry out of range');
  writeBe32(table, index * 8, e.hi >>> 0);
  writeBe32(table, index * 8 + 4, e.lo >>> 0);
}

export function entryValue(e: RawEntry): bigint {
  return (BigInt(e.hi) << 32n) | BigInt(e.lo);
}

function offsetOf(e: RawEntry): number {
  return (e.hi & OFFSET_HI_MASK) * TWO32 + ((e.lo & OFFSET_LO_MASK) >>> 0);
}

function withOffset(offset: number, hiFlags: number, loFlags: number): RawEntry {
  return { hi: (Math.floor(offset / TWO32) | hiFlags) >>> 0, lo: ((offset % TWO32) | loFlags) >>> 0 };
}

/** L1 entry: L2 table offset plus COPIED; the other bits are reserved. */
export const l1 = {
  l2Offset: offsetOf,
  copied: (e: RawEntry): boolean => (e.hi & HI_COPIED) !== 0,
  /** Bits 1..8 and 56..62 must be zero ("reserved bits set" in check). */
  reservedBits: (e: RawEntry): boolean => (e.hi & 0x7f000000) !== 0 || (e.lo & 0x1ff) !== 0,
  make: (l2Offset: number, copied: boolean): RawEntry => withOffset(l2Offset, copied ? HI_COPIED : 0, 0),
};

/** The five kinds of L2 entry QEMU distinguishes. */
export type ClusterType = 'unallocated' | 'zero-plain' | 'zero-alloc' | 'normal' | 'compressed';

export interface CompressedRef {
  /** Host byte offset of the compressed data (not cluster aligned). */
  offset: number;
  /** The same offset exactly (corrupt entries can point past 2^53, where `offset` is rounded). */
  offsetExact: bigint;
  /** Number of 512-byte sectors the data may span (the stored count plus one, minus the part before the first sector). */
  sectors: number;
}

/** L2 entry accessors; compressed geometry depends on the cluster size. */
export const l2 = {
  copied: (e: RawEntry): boolean => (e.hi & HI_COPIED) !== 0,
  compressed: (e: RawEntry): boolean => (e.hi & HI_COMPRESSED) !== 0,
  zeroFlag: (e: RawEntry): boolean => (e.lo & LO_ZERO) !== 0,
  /** Host cluster offset of a standard (uncompressed) entry. */
  offset: offsetOf,
  /** Bits 1..8 and 56..61 must be zero in a standard entry. */
  reservedBits: (e: RawEntry): boolean => (e.hi & 0x3f000000) !== 0 || (e.lo & 0x1fe) !== 0,
  /**
   * The entry's kind. With an external data file (`dataFile`) offset 0 is a real data offset, and
   * COPIED (always set there, every data cluster has refcount 1) tells it from unallocated.
   */
  type(e: RawEntry, dataFile = false): ClusterType {
    if (e.hi & HI_COMPRESSED) return 'compressed';
    const mapped = offsetOf(e) !== 0 || (dataFile && (e.hi & HI_COPIED) !== 0);
    if (e.lo & LO_ZERO) return mapped ? 'zero-alloc' : 'zero-plain';
    return mapped ? 'normal' : 'unallocated';
  },
  /** A standard entry: data at `offset`, optionally COPIED and/or reading as zeros. */
  make: (offset: number, copied: boolean, zero = false): RawEntry =>
    withOffset(offset, copied ? HI_COPIED : 0, zero ? LO_ZERO : 0),
  /** The same entry with COPIED set or cleared; every other bit (reserved ones included) kept. */
  withCopied: (e: RawEntry, copied: boolean): RawEntry => ({ hi: (copied ? e.hi | HI_COPIED : e.hi & ~HI_COPIED) >>> 0, lo: e.lo }),
  unallocated: (): RawEntry => ({ hi: 0, lo: 0 }),
  /** Decode a compressed entry: x = 62 - (cluster_bits - 8) offset bits, then the sector count. */
  compressedRef(e: RawEntry, clusterBits: number): CompressedRef {
    const v = entryValue(e);
    const offBits = BigInt(62 - (clusterBits - 8));
    const offsetExact = v & ((1n << offBits) - 1n);
    const nbCsectors = Number((v >> offBits) & ((1n << BigInt(clusterBits - 8)) - 1n)) + 1;
    return { offset: Number(offsetExact), offsetExact, sectors: nbCsectors };
  },
  /** Encode a compressed entry for data of `bytes` bytes at host `offset`. */
  makeCompressed(offset: number, bytes: number, clusterBits: number): RawEntry {
    const offBits = BigInt(62 - (clusterBits - 8));
    const lastSector = Math.floor((offset + bytes - 1) / 512);
    const nbCsectors = BigInt(lastSector - Math.floor(offset / 512));
    const v = (1n << 62n) | (nbCsectors << offBits) | BigInt(offset);
    return { hi: Number(v >> 32n), lo: Number(v & 0xffffffffn) };
  },
};

/** Refcount-table entry: the refcount block's offset; bits 0..8 are reserved. */
export const reftable = {
  blockOffset: (e: RawEntry): number => (e.hi >>> 0) * TWO32 + ((e.lo & OFFSET_LO_MASK) >>> 0),
  reservedBits: (e: RawEntry): boolean => (e.lo & 0x1ff) !== 0,
  make: (blockOffset: number): RawEntry => withOffset(blockOffset, 0, 0),
};
