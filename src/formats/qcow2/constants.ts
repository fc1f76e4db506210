// qcow2 on-disk constants (docs/interop/qcow2.txt) and the bounds we put on untrusted metadata.

/** "QFI\xfb": the first four bytes of every qcow2 image. */
export const QCOW2_MAGIC = 0x514649fb;

/** Header sizes: v2 has a fixed 72-byte header, v3 at least 104 bytes (112 with the compression type padded). */
export const V2_HEADER_SIZE = 72;
export const V3_MIN_HEADER_SIZE = 104;
export const V3_HEADER_SIZE = 112;

/** Cluster sizes QEMU accepts: 512 bytes (bits 9) to 2 MiB (bits 21). */
export const MIN_CLUSTER_BITS = 9;
export const MAX_CLUSTER_BITS = 21;

/** Incompatible feature bits. */
export const INCOMPAT_DIRTY = 1 << 0;
export const INCOMPAT_CORRUPT = 1 << 1;
export const INCOMPAT_DATA_FILE = 1 << 2;
export const INCOMPAT_COMPRESSION = 1 << 3;
export const INCOMPAT_EXTL2 = 1 << 4;
/** The incompatible bits this implementation understands (others make open fail). */
export const INCOMPAT_SUPPORTED = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_DATA_FILE | INCOMPAT_COMPRESSION | INCOMPAT_EXTL2;

/** Compatible feature bits. */
export const COMPAT_LAZY_REFCOUNTS = 1 << 0;

/** Autoclear feature bits. */
export const AUTOCLEAR_BITMAPS = 1 << 0;
export const AUTOCLEAR_DATA_FILE_RAW = 1 << 1;

/** Header extension type codes. */
export const EXT_END = 0x00000000;
export const EXT_BACKING_FORMAT = 0xe2792aca;
export const EXT_FEATURE_TABLE = 0x6803f857;
export const EXT_CRYPTO = 0x0537be77;
export const EXT_BITMAPS = 0x23852875;
export const EXT_DATA_FILE = 0x44415441;

/** Compression types (header byte 104). */
export const COMPRESSION_ZLIB = 0;
export const COMPRESSION_ZSTD = 1;

/** Encryption methods (crypt_method). */
export const CRYPT_NONE = 0;
export const CRYPT_AES = 1;
export const CRYPT_LUKS = 2;

/** Bounds on untrusted metadata, the same limits QEMU applies so hostile images fail the same way. */
export const LIMITS = {
  /** Backing file names are at most 1023 bytes (QEMU keeps them in a 1024-byte buffer). */
  maxBackingFileName: 1023,
  /** The refcount table may span at most 8 MiB (QCOW_MAX_REFTABLE_SIZE), enough for huge images. */
  maxRefcountTableBytes: 8 * 1024 * 1024,
  /**
   * Growing the refcount structures (qcow2_refcount_area) compares counts, not bytes, with that
   * same 8 Mi: the refcount blocks needed and the new table's entries. A table of up to 64 MiB is
   * written, and the image then no longer opens ("Reference count table too large"), as with QEMU.
   */
  maxReftableEntriesOnGrowth: 8 * 1024 * 1024,
  /** check counts references in a table indexed by an int: files of more clusters fail with EFBIG. */
  maxCheckClusters: 0x7fffffff,
  /** The active L1 table may span at most 32 MiB (QCOW_MAX_L1_SIZE). */
  maxL1Bytes: 32 * 1024 * 1024,
  /** Host offsets must fit in 56 bits (L2 entry bits 9..55) and we keep them below 2^53. */
  maxHostOffset: 2 ** 53,
  /** The largest virtual disk QEMU accepts for qcow2 (QCOW_MAX_L1_SIZE-derived cap: 2^63 bytes is never reached first). */
  maxImageSize: 2 ** 62,
  /** Snapshot table bounds (QCOW_MAX_SNAPSHOTS and its byte size). */
  maxSnapshots: 65536,
  /** Header extensions larger than this are refused as "Header extension too large". */
  maxExtensionTotal: 2 * 1024 * 1024,
} as const;

/** Bytes per table entry (L1, L2, refcount table). */
export const ENTRY_SIZE = 8;

/** Default cluster size and refcount width for create. */
export const DEFAULT_CLUSTER_SIZE = 65536;
export const DEFAULT_REFCOUNT_BITS = 16;
