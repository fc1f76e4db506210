// qcow2 bitmap tables (docs/interop/qcow2.txt, "Bitmap table"): entries, and how a bitmap's bytes split into data clusters.

/** Bits 9..55 hold the data cluster's offset; bit 0 (with offset 0) means "all ones"; the rest is reserved. */
const OFFSET_MASK = 0x00fffffffffffe00n;
const RESERVED_MASK = 0xff000000000001fen;
const ALL_ONES = 1n;

/** A decoded bitmap table entry: a data cluster, or a cluster of all zeros / all ones. */
export type TableEntry = { kind: 'data'; offset: number } | { kind: 'zeros' } | { kind: 'ones' };

/** Decode the big-endian table; undefined when an entry is malformed (check_table_entry). */
export function decodeBitmapTable(buf: Uint8Array, clusterSize: number): TableEntry[] | undefined {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: TableEntry[] = [];
  for (let at = 0; at + 8 <= buf.length; at += 8) {
    const e = v.getBigUint64(at);
    if (e & RESERVED_MASK) return undefined;
    const offset = Number(e & OFFSET_MASK);
    if (offset === 0) {
      out.push(e & ALL_ONES ? { kind: 'ones' } : { kind: 'zeros' });
      continue;
    }
    if (e & ALL_ONES || offset % clusterSize) return undefined;
    out.push({ kind: 'data', offset });
  }
  return out;
}

/** A table's non-zero entries, raw, with the data offset each names (0 for none), for freeing and counting. */
export function dataOffsets(buf: Uint8Array): Array<{ index: number; raw: bigint; offset: number }> {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Array<{ index: number; raw: bigint; offset: number }> = [];
  for (let at = 0; at + 8 <= buf.length; at += 8) {
    const raw = v.getBigUint64(at);
    if (raw) out.push({ index: at / 8, raw, offset: Number(raw & OFFSET_MASK) });
  }
  return out;
}

/** Whether an entry with a data offset is well-formed (no reserved bits, no all-ones flag, aligned). */
export function tableEntryValid(raw: bigint, clusterSize: number): boolean {
  const offset = Number(raw & OFFSET_MASK);
  if (raw & RESERVED_MASK) return false;
  return offset === 0 || ((raw & ALL_ONES) === 0n && offset % clusterSize === 0);
}

/** Encode data-cluster offsets (0 for an all-zero cluster) as a big-endian table. */
export function encodeBitmapTable(offsets: readonly number[]): Uint8Array {
  const out = new Uint8Array(offsets.length * 8);
  const v = new DataView(out.buffer);
  offsets.forEach((o, i) => v.setBigUint64(i * 8, BigInt(o)));
  return out;
}

/** Entries a table needs for `bytes` of bitmap data. */
export function tableSizeFor(bytes: number, clusterSize: number): number {
  return Math.ceil(bytes / clusterSize);
}

/** Fill `bits` (holding `count` valid bits) from the table's clusters; `readCluster` reads one data cluster. */
export async function loadBits(
  table: readonly TableEntry[], bits: Uint8Array, count: number, clusterSize: number,
  readCluster: (offset: number) => Promise<Uint8Array>,
): Promise<void> {
  for (let i = 0; i < table.length && i * clusterSize < bits.length; i++) {
    const start = i * clusterSize;
    const end = Math.min(bits.length, start + clusterSize);
    const e = table[i]!;
    if (e.kind === 'zeros') bits.fill(0, start, end);
    else if (e.kind === 'ones') bits.fill(0xff, start, end);
    else bits.set((await readCluster(e.offset)).subarray(0, end - start), start);
  }
  clearTail(bits, count);
}

/** Clear the bits past the last valid one (an all-ones cluster sets them). */
function clearTail(bits: Uint8Array, count: number): void {
  if (count % 8 && bits.length) bits[bits.length - 1]! &= (1 << (count % 8)) - 1;
}

/** The bitmap's data split into cluster-sized pieces; all-zero pieces are null (stored as 0 entries). */
export function dataClusters(bits: Uint8Array, clusterSize: number): Array<Uint8Array | null> {
  const out: Array<Uint8Array | null> = [];
  for (let start = 0; start < bits.length; start += clusterSize) {
    const piece = bits.subarray(start, Math.min(bits.length, start + clusterSize));
    if (piece.every((b) => b === 0)) {
      out.push(null);
      continue;
    }
    const cluster = new Uint8Array(clusterSize);
    cluster.set(piece);
    out.push(cluster);
  }
  return out;
}
