// Metadata overlap checks before data writes: a write that would land on qcow2 metadata marks the image corrupt.

import { l1, readBe32, reftable, type RawEntry } from './entries.ts';
import { signalCorruption } from './corruption.ts';
import { AUTOCLEAR_BITMAPS } from './constants.ts';
import type { Qcow2State } from './state.ts';
import { bitmapsExt } from './bitmap-load.ts';

function hits(a: number, alen: number, b: number, blen: number): boolean {
  return alen > 0 && blen > 0 && a < b + blen && b < a + alen;
}

/**
 * Whether a cluster some entry of `table` points to (by `decode`) overlaps the range. Zero entries
 * (most of a refcount table) are skipped a 32-bit word pair at a time: this runs on every data write.
 */
function tableHits(table: Uint8Array, decode: (e: RawEntry) => number, offset: number, bytes: number, cs: number): boolean {
  const entries = table.length >> 3;
  const words = (table.byteOffset & 3) === 0 ? new Int32Array(table.buffer, table.byteOffset, entries * 2) : undefined;
  for (let k = 0; k < entries; k++) {
    const i = k * 8;
    const zero = words ? (words[2 * k]! | words[2 * k + 1]!) === 0 : readBe32(table, i) === 0 && readBe32(table, i + 4) === 0;
    if (zero) continue;
    const off = decode({ hi: readBe32(table, i), lo: readBe32(table, i + 4) });
    if (off && hits(offset, bytes, off, cs)) return true;
  }
  return false;
}

/**
 * The refcount blocks the refcount table points at, kept with the table they were read from
 * (every data write checks them; the table has thousands of mostly empty entries).
 */
function refblockOffsets(s: Qcow2State): number[] {
  if (s.refblockScan?.table === s.reftable) return s.refblockScan.offsets;
  const offsets: number[] = [];
  const entries = s.reftable.length >> 3;
  for (let k = 0; k < entries; k++) {
    const off = reftable.blockOffset({ hi: readBe32(s.reftable, k * 8), lo: readBe32(s.reftable, k * 8 + 4) });
    if (off) offsets.push(off);
  }
  s.refblockScan = { table: s.reftable, offsets };
  return offsets;
}

/** The metadata [offset, offset+bytes) would overwrite, named as QEMU does, in its order of precedence. */
export function overlappingMetadata(s: Qcow2State, offset: number, bytes: number, ignore?: string): string | undefined {
  const cs = s.geo.clusterSize;
  const h = s.header;
  if (hits(offset, bytes, 0, cs)) return 'qcow2_header';
  if (ignore !== 'active L1 table' && hits(offset, bytes, h.l1TableOffset, h.l1Size * 8)) return 'active L1 table';
  if (ignore !== 'active L2 table' && tableHits(s.l1, l1.l2Offset, offset, bytes, cs)) return 'active L2 table';
  if (hits(offset, bytes, h.refcountTableOffset, h.refcountTableClusters * cs)) return 'refcount table';
  if (ignore !== 'refcount block' && refblockOffsets(s).some((off) => hits(offset, bytes, off, cs))) return 'refcount block';
  if (hits(offset, bytes, h.snapshotsOffset, s.snapshotsBytes)) return 'snapshot table';
  if (s.snapshots.some((sn) => hits(offset, bytes, sn.l1TableOffset, sn.l1Size * 8))) return 'inactive L1 table';
  if (s.header.autoclearFeatures & BigInt(AUTOCLEAR_BITMAPS)) {
    // QEMU checks the directory whenever the bitmaps bit is set; without an extension its range
    // is offset 0, size 0, whose last byte wraps to 2^64 - 1: every checked write overlaps it.
    const dir = bitmapsExt(s);
    if (!dir || hits(offset, bytes, dir.directoryOffset, dir.directorySize)) return 'bitmap directory';
  }
  return undefined;
}

/** Fail (and mark the image corrupt) when writing new metadata of kind `kind` would hit other metadata. */
export async function checkMetadataWrite(s: Qcow2State, offset: number, bytes: number, kind: string): Promise<void> {
  const name = overlappingMetadata(s, offset, bytes, kind);
  if (name) throw await signalCorruption(s, `Preventing invalid write on metadata (overlaps with ${name})`);
}

/** Fail (and mark the image corrupt) when a data write would hit metadata. */
export function checkDataWrite(s: Qcow2State, offset: number, bytes: number): Promise<void> | undefined {
  const name = overlappingMetadata(s, offset, bytes);
  if (!name) return undefined;
  return signalCorruption(s, `Preventing invalid write on metadata (overlaps with ${name})`).then((e) => {
    throw e;
  });
}
