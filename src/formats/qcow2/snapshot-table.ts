// The internal snapshot table: decode and encode entries (docs/interop/qcow2.txt, "Snapshots").

import { readU64, writeU64 } from './header.ts';

/** One snapshot table entry; `extra` keeps extra data we do not interpret. */
export interface SnapshotEntry {
  l1TableOffset: number;
  /** The offset exactly as stored, when it was read from a table (past 2^53 a number loses its low bits); written back as is. */
  l1TableOffsetExact?: bigint;
  l1Size: number;
  id: string;
  name: string;
  dateSec: number;
  dateNsec: number;
  vmClockNsec: number;
  vmStateSize: number;
  diskSize: number;
  /** -1 when not recorded. */
  icount: number;
  /** The extra data area as read (at least the known 24 bytes are rewritten from the fields). */
  extraSize: number;
  /** Extra data past the known 24 bytes (up to 1 KiB in all), kept and written back as QEMU does. */
  unknownExtra?: Uint8Array;
}

const FIXED = 40;
/** QEMU refuses snapshot entries with more than 1 KiB of extra data. */
export const MAX_EXTRA_DATA = 1024;
/** The extra data QEMU writes per entry: 64-bit VM state size, disk size, icount. */
export const EXTRA_WRITTEN = 24;

/** Bytes as QEMU's NUL-terminated copy reads them: up to the first NUL, latin1. */
function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return Buffer.from(nul >= 0 ? bytes.subarray(0, nul) : bytes).toString('latin1');
}

/** Decode `count` entries from `buf`; returns the entries and the table's byte length (the last entry is not padded). */
export function decodeSnapshots(
  buf: Uint8Array, count: number, defaultDiskSize: number, discardExtra?: (index: number, size: number) => void,
): { entries: SnapshotEntry[]; bytes: number } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const entries: SnapshotEntry[] = [];
  let at = 0;
  let end = 0;
  for (let i = 0; i < count; i++) {
    if (at + FIXED > buf.length) throw new RangeError('snapshot table truncated');
    const idLen = view.getUint16(at + 12);
    const nameLen = view.getUint16(at + 14);
    const extraSize = view.getUint32(at + 36);
    const e: SnapshotEntry = {
      l1TableOffset: readU64(view, at),
      l1TableOffsetExact: view.getBigUint64(at),
      l1Size: view.getUint32(at + 8),
      dateSec: view.getUint32(at + 16),
      dateNsec: view.getUint32(at + 20),
      vmClockNsec: readU64(view, at + 24),
      vmStateSize: view.getUint32(at + 32),
      diskSize: defaultDiskSize,
      icount: -1,
      extraSize,
      id: '',
      name: '',
    };
    // Past 1 KiB of extra data an entry is refused (bytes -1 - index), or with `discardExtra` (check
    // -r all) read for its known fields while the rest is dropped.
    if (extraSize > MAX_EXTRA_DATA && !discardExtra) return { entries: [...entries, e], bytes: -1 - i };
    if (extraSize > MAX_EXTRA_DATA) discardExtra!(i, extraSize);
    const extra = at + FIXED;
    if (extraSize >= 8) e.vmStateSize = readU64(view, extra);
    if (extraSize >= 16) e.diskSize = readU64(view, extra + 8);
    if (extraSize >= 24) {
      const hi = view.getUint32(extra + 16);
      e.icount = hi === 0xffffffff ? -1 : readU64(view, extra + 16);
    }
    if (extraSize > EXTRA_WRITTEN) e.unknownExtra = buf.slice(extra + EXTRA_WRITTEN, extra + Math.min(extraSize, MAX_EXTRA_DATA));
    let p = extra + extraSize;
    // QEMU keeps both as C strings: a NUL ends them early.
    e.id = cString(buf.subarray(p, p + idLen));
    p += idLen;
    e.name = cString(buf.subarray(p, p + nameLen));
    p += nameLen;
    if (p > buf.length) throw new RangeError('snapshot table truncated');
    end = p;
    at = (p + 7) & ~7;
    entries.push(e);
  }
  return { entries, bytes: end };
}

/**
 * The table bytes QEMU writes for `entries` (the 24 known bytes of extra data, then any unknown ones kept): every entry starts
 * 8-byte aligned, and the table ends right after the last entry's name, unpadded.
 */
export function encodeSnapshots(entries: readonly SnapshotEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [i, e] of entries.entries()) {
    const id = Buffer.from(e.id, 'latin1');
    const name = Buffer.from(e.name, 'latin1');
    const unknown = e.unknownExtra ?? new Uint8Array(0);
    const extraLen = EXTRA_WRITTEN + unknown.length;
    const used = FIXED + extraLen + id.length + name.length;
    const len = i === entries.length - 1 ? used : (used + 7) & ~7;
    const b = new Uint8Array(len);
    const v = new DataView(b.buffer);
    if (e.l1TableOffsetExact !== undefined) v.setBigUint64(0, e.l1TableOffsetExact);
    else writeU64(v, 0, e.l1TableOffset);
    v.setUint32(8, e.l1Size);
    v.setUint16(12, id.length);
    v.setUint16(14, name.length);
    v.setUint32(16, e.dateSec);
    v.setUint32(20, e.dateNsec);
    writeU64(v, 24, e.vmClockNsec);
    v.setUint32(32, e.vmStateSize > 0xffffffff ? 0 : e.vmStateSize);
    v.setUint32(36, extraLen);
    writeU64(v, FIXED, e.vmStateSize);
    writeU64(v, FIXED + 8, e.diskSize);
    if (e.icount < 0) v.setBigUint64(FIXED + 16, 0xffffffffffffffffn);
    else writeU64(v, FIXED + 16, e.icount);
    b.set(unknown, FIXED + EXTRA_WRITTEN);
    b.set(id, FIXED + extraLen);
    b.set(name, FIXED + extraLen + id.length);
    parts.push(b);
  }
  return Buffer.concat(parts);
}
