// Open-time checks of an untrusted header, in QEMU's order and with its messages (each a BlockError).

import { BlockError } from '../../block/errors.ts';
import {
  COMPRESSION_ZLIB, COMPRESSION_ZSTD, CRYPT_LUKS, INCOMPAT_COMPRESSION, INCOMPAT_CORRUPT, INCOMPAT_EXTL2, INCOMPAT_SUPPORTED, LIMITS,
  MAX_CLUSTER_BITS, MIN_CLUSTER_BITS, QCOW2_MAGIC, V3_MIN_HEADER_SIZE,
} from './constants.ts';
import { describeFeatures, type FeatureName } from './extensions.ts';
import type { Qcow2Header } from './header.ts';

const INT64_MAX = 2 ** 63;
/** Snapshot table entries are at least 40 bytes; QEMU allows 65536 snapshots. */
const SNAPSHOT_ENTRY_MIN = 40;

/** Whether the header announces extended L2 entries (incompatible feature bit 4). */
export function hasExtendedL2(h: Qcow2Header): boolean {
  return (h.incompatibleFeatures & BigInt(INCOMPAT_EXTL2)) !== 0n;
}

/** Checks that need only the fixed header fields (before extensions are read). */
export function validateBasics(h: Qcow2Header): void {
  if (h.magic !== QCOW2_MAGIC) throw new BlockError('EINVAL', 'Image is not in qcow2 format');
  if (h.version < 2 || h.version > 3) throw new BlockError('ENOTSUP', `Unsupported qcow2 version ${h.version}`);
  if (h.clusterBits < MIN_CLUSTER_BITS || h.clusterBits > MAX_CLUSTER_BITS) {
    throw new BlockError('EINVAL', `Unsupported cluster size: 2^${h.clusterBits}`);
  }
  const cs = 2 ** h.clusterBits;
  if (h.version >= 3) {
    if (h.headerLength < V3_MIN_HEADER_SIZE) throw new BlockError('EINVAL', 'qcow2 header too short');
    if (h.headerLength > cs) throw new BlockError('EINVAL', 'qcow2 header exceeds cluster size');
  }
  if (h.backingFileOffset > cs) throw new BlockError('EINVAL', 'Invalid backing file offset');
}

/** Feature bits, compression type and the corrupt bit (after extensions gave us the feature names). */
export function validateFeatures(h: Qcow2Header, table: readonly FeatureName[] | undefined, readOnly: boolean): void {
  if (h.compressionType !== COMPRESSION_ZLIB && h.compressionType !== COMPRESSION_ZSTD) {
    throw new BlockError('EINVAL', `qcow2: unknown compression type: ${h.compressionType}`);
  }
  const ctBit = (h.incompatibleFeatures & BigInt(INCOMPAT_COMPRESSION)) !== 0n;
  if (h.compressionType !== COMPRESSION_ZLIB && !ctBit) {
    throw new BlockError('EINVAL', 'qcow2: Compression type incompatible feature bit must be set');
  }
  if (h.compressionType === COMPRESSION_ZLIB && ctBit) {
    throw new BlockError('EINVAL', 'qcow2: Compression type incompatible feature bit must not be set');
  }
  const unknown = h.incompatibleFeatures & ~BigInt(INCOMPAT_SUPPORTED);
  if (unknown) throw new BlockError('ENOTSUP', `Unsupported qcow2 feature(s): ${describeFeatures(unknown, 0, table)}`);
  // A subcluster (a 32nd of a cluster) must still be at least one 512-byte sector.
  if (hasExtendedL2(h) && h.clusterBits - 5 < MIN_CLUSTER_BITS) {
    throw new BlockError('EINVAL', `Unsupported subcluster size: ${2 ** (h.clusterBits - 5)}`);
  }
  if (h.incompatibleFeatures & BigInt(INCOMPAT_CORRUPT) && !readOnly) {
    throw new BlockError('EACCES', 'qcow2: Image is corrupt; cannot be opened read/write');
  }
  if (h.refcountOrder > 6) {
    throw new BlockError('EINVAL', 'Reference count entry width too large; may not exceed 64 bits');
  }
}

/** QEMU's validate_table(): the byte size bound first, then alignment and overflow of the offset. */
function validateTable(name: string, offset: number, entries: number, entrySize: number, maxBytes: number, cs: number): void {
  if (entries * entrySize > maxBytes) throw new BlockError('EINVAL', `${name} too large`);
  if (offset % cs !== 0 || offset + entries * entrySize > INT64_MAX) {
    throw new BlockError('EINVAL', `${name} offset invalid`);
  }
}

/** Tables and sizes: refcount table, snapshot table, L1 table, virtual size, encryption. */
/** The snapshot table's bounds; `name` starts QEMU's message ("Snapshot table" at open, "snapshot table" in check). */
export function validateSnapshotTable(h: Qcow2Header, name: string): void {
  validateTable(name, h.snapshotsOffset, h.nbSnapshots, SNAPSHOT_ENTRY_MIN, LIMITS.maxSnapshots * SNAPSHOT_ENTRY_MIN, 2 ** h.clusterBits);
}

/** `deferSnapshots`: qemu-img check opens the image and judges the snapshot table itself. */
export function validateTables(h: Qcow2Header, deferSnapshots = false): void {
  const cs = 2 ** h.clusterBits;
  if (h.refcountTableClusters === 0) {
    throw new BlockError('EINVAL', 'Image does not contain a reference count table');
  }
  validateTable('Reference count table', h.refcountTableOffset, h.refcountTableClusters, cs, LIMITS.maxRefcountTableBytes, cs);
  if (!deferSnapshots) validateSnapshotTable(h, 'Snapshot table');
  validateTable('Active L1 table', h.l1TableOffset, h.l1Size, 8, LIMITS.maxL1Bytes, cs);
  const l2Bytes = cs * (cs / (hasExtendedL2(h) ? 16 : 8));
  const needed = Math.ceil(h.size / l2Bytes);
  if (needed > 0x7fffffff) throw new BlockError('EFBIG', 'Image is too big');
  if (h.l1Size < needed) throw new BlockError('EINVAL', 'L1 table is too small');
  if (h.cryptMethod > CRYPT_LUKS) throw new BlockError('EINVAL', `Unsupported encryption method ${h.cryptMethod | 0}`);
  if (h.cryptMethod !== 0) {
    throw new BlockError('EINVAL', "Parameter 'encrypt.key-secret' is required for cipher");
  }
}
