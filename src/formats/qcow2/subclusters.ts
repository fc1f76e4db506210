// Extended L2 entries (docs/interop/qcow2.txt, "Extended L2 Entries"): 128-bit slots, subcluster bitmaps and subcluster types.

import { l2, readEntry, writeEntry, type ClusterType, type RawEntry } from './entries.ts';
import type { Geometry } from './geometry.ts';

/**
 * The second half of an extended L2 entry: bit x of `alloc` (bitmap bits 0..31) says subcluster x
 * is allocated, bit x of `zero` (bitmap bits 32..63) that it reads as zeroes. Unsigned 32-bit.
 */
export interface SubclusterBitmap {
  alloc: number;
  zero: number;
}

/** What one subcluster is; 'unallocated-alloc' has a host cluster but reads from the backing file. */
export type SubclusterType = ClusterType | 'unallocated-alloc' | 'invalid';

/** L2 entry `i` of a table (the first 64 bits with extended entries). */
export function getL2(g: Geometry, table: Uint8Array, i: number): RawEntry {
  return readEntry(table, i * g.l2Stride);
}

export function setL2(g: Geometry, table: Uint8Array, i: number, e: RawEntry): void {
  writeEntry(table, i * g.l2Stride, e);
}

/** The subcluster bitmap of extended L2 entry `i`. */
export function getBitmap(table: Uint8Array, i: number): SubclusterBitmap {
  const w = readEntry(table, i * 2 + 1);
  return { alloc: w.lo >>> 0, zero: w.hi >>> 0 };
}

export function setBitmap(table: Uint8Array, i: number, b: SubclusterBitmap): void {
  writeEntry(table, i * 2 + 1, { hi: b.zero >>> 0, lo: b.alloc >>> 0 });
}

/** Bits [from, to) of a 32-bit bitmap word (0 <= from <= to <= 32). */
export function rangeMask(from: number, to: number): number {
  if (to <= from) return 0;
  const upper = to >= 32 ? 0xffffffff : (2 ** to - 1);
  return (upper - (2 ** from - 1)) >>> 0;
}

/** Number of trailing zero bits (32 for 0). */
export function ctz32(v: number): number {
  return v === 0 ? 32 : 31 - Math.clz32((v & -v) >>> 0);
}

/** One past the highest set bit (0 for 0). */
export function bitLength32(v: number): number {
  return 32 - Math.clz32(v >>> 0);
}

/** Whether the entry's first half maps a host cluster (offset, or COPIED with an external data file). */
export function hasHostCluster(e: RawEntry, dataFile: boolean): boolean {
  return !l2.compressed(e) && (l2.offset(e) !== 0 || (dataFile && l2.copied(e)));
}

/** The type of subcluster `sc` of an entry; an impossible bitmap is 'invalid' (the image is corrupt). */
export function subclusterType(e: RawEntry, b: SubclusterBitmap, sc: number, dataFile: boolean): SubclusterType {
  if (l2.compressed(e)) return 'compressed';
  const bit = 2 ** sc;
  if (hasHostCluster(e, dataFile)) {
    if ((b.alloc & b.zero) !== 0) return 'invalid';
    if (b.zero & bit) return 'zero-alloc';
    return b.alloc & bit ? 'normal' : 'unallocated-alloc';
  }
  if (b.alloc !== 0) return 'invalid';
  return b.zero & bit ? 'zero-plain' : 'unallocated';
}
