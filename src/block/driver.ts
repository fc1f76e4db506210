// The BlockDriver interface: what every protocol, format and filter driver provides, one sentence of contract per member.

import type { BlockNode } from './node.ts';
import type { OptionReader } from './options.ts';

/** Options as QEMU's QDict: nested objects for children (`file`, `backing`, `raw`, `test`), scalars as strings/numbers/booleans. */
export type QValue = string | number | boolean | null | QDict | QValue[];
export interface QDict {
  [key: string]: QValue;
}

/** QEMU's BDRV_BLOCK_* status bits, as returned by blockStatus. */
export const BDRV_BLOCK = {
  DATA: 0x01,
  ZERO: 0x02,
  OFFSET_VALID: 0x04,
  RAW: 0x08,
  ALLOCATED: 0x10,
  EOF: 0x20,
  RECURSE: 0x40,
} as const;

/** One extent of block status as a driver reports it (bdrv_co_block_status). */
export interface BlockStatus {
  /** BDRV_BLOCK_* bits for the whole extent. */
  status: number;
  /** Length in bytes of the extent that shares `status` (at least 1, at most what was asked). */
  pnum: number;
  /** With OFFSET_VALID: where the extent starts in `file`. */
  map?: number;
  /** With OFFSET_VALID or RECURSE: the node the data lives in. */
  file?: BlockNode;
}

/** Flags a write request may carry. */
export interface WriteFlags {
  /** BDRV_REQ_FUA: write through to stable storage before completing. */
  fua?: boolean;
  /** BDRV_REQ_WRITE_COMPRESSED (qemu-io write -c). */
  compressed?: boolean;
  /** BDRV_REQ_WRITE_UNCHANGED: a copy-on-read write; guest-visible data stays the same, so no cache write-through. */
  writeUnchanged?: boolean;
  /**
   * The caller overlaps this write with its next one (qemu-img convert): the request calls it once
   * it has made every allocation and freed everything it will, when all that is left is waiting
   * for its data to reach the file (which the file protocol then writes in a thread) and recording
   * where the data went. A write the caller submits from then on allocates as it would after this
   * one ended. Drivers that cannot promise that never call it (the caller waits for the end).
   */
  onAllocated?: () => void;
}

export interface ZeroFlags {
  /** BDRV_REQ_MAY_UNMAP (qemu-io write -z -u, discard=unmap). */
  mayUnmap?: boolean;
  /** BDRV_REQ_NO_FALLBACK: fail with ENOTSUP rather than writing explicit zeroes. */
  noFallback?: boolean;
  fua?: boolean;
  /** BDRV_REQ_WRITE_UNCHANGED (see WriteFlags). */
  writeUnchanged?: boolean;
}

export type PreallocMode = 'off' | 'metadata' | 'falloc' | 'full';

/** Request alignment and size limits a node imposes (bs->bl); the generic request path honours them. */
export interface BlockLimits {
  /** Reads and writes are aligned to this (bytes, power of two, default 1; 512 for O_DIRECT). */
  requestAlignment: number;
  /** Largest single request passed to the driver; 0 means unlimited. */
  maxTransfer: number;
  /** Preferred write-zeroes alignment and maximum; 0 means none. */
  pwriteZeroesAlignment: number;
  maxPwriteZeroes: number;
  pdiscardAlignment: number;
  maxPdiscard: number;
}

/** A creation option as `qemu-img create -o help` lists it. */
export interface CreateOptionSpec {
  name: string;
  type: 'size' | 'string' | 'bool' | 'number';
  help: string;
  defaultValue?: string;
}

/** `qemu-img check` result counters (BdrvCheckResult). */
export interface CheckResult {
  corruptions: number;
  leaks: number;
  checkErrors: number;
  corruptionsFixed: number;
  leaksFixed: number;
  imageEndOffset: number;
  /** Allocated/total/fragmented/compressed clusters, when the format counts them. */
  bfi?: { totalClusters: number; allocatedClusters: number; fragmentedClusters: number; compressedClusters: number };
}

/** How a driver asks for a child (bdrv_open_child). */
export interface ChildOpenOptions {
  /** Return null instead of failing when the parent's options name no such child and no filename is given. */
  optional?: boolean;
  /**
   * For children of non-format drivers (filters): a pure data child opened as an image (format
   * layer, probed when no driver), like blkverify's `test`. Otherwise the child inherits the
   * parent's level; a format's non-backing children are always protocol level.
   */
  format?: boolean;
  /** Filename to open when the parent's options do not describe the child (e.g. a backing file name from a header). */
  filename?: string;
  /** Driver to use when the child's options do not name one (e.g. the backing format from a header). */
  driver?: string;
}

/** What the open path hands a driver's open(). */
export interface OpenContext {
  /** The runtime options meant for this node; every key the driver uses must be taken, leftovers are errors. */
  options: OptionReader;
  /** Open (or look up) a child node from a sub-dictionary or reference (`file`, `backing`, `raw`, `test`). */
  openChild(name: string, opts: ChildOpenOptions): Promise<BlockNode | null>;
  /** Resolve a host path against the tool's working directory (protocols open files with it). */
  resolvePath(p: string): string;
  /** The format was probed, not given (raw restricts writes to sector 0 then). */
  probed?: boolean;
  /** The format name the probe would pick for this first sector (raw's sector-0 guard). */
  probeFormat?(header: Uint8Array): string;
  /**
   * Print one line on the tool's stderr exactly as given (no "qemu-io: " prefix), for what QEMU's
   * drivers fprintf(stderr) themselves, e.g. "qcow2: Marking image as corrupt: ...". The line
   * stays usable after open (drivers keep it for later requests).
   */
  report?(line: string): void;
  /** warn_report(): the tool prints "<tool>: warning: <message>" and a newline. */
  warn?(message: string): void;
  /** error_printf(): text for stderr exactly as given, no prefix and no newline added. */
  errorPrintf?(text: string): void;
  /** error_report(): the tool prints "<tool>: <message>" and a newline (kept for later requests and close). */
  errorReport?(message: string): void;
}

/**
 * A protocol, format or filter. Required members do I/O; optional ones are fallbacks the generic
 * request path (src/block/io.ts) supplies when missing. `S` is the driver's own typed state.
 */
export interface BlockDriver<S = unknown> {
  /** The driver name (`driver=` option, "file format" in qemu-img info). */
  readonly formatName: string;
  /** The filename prefix this protocol answers to ("file", "blkverify", "blkdebug"), if any. */
  readonly protocolName?: string;
  /** A format driver sits on a `file` child and may be probed. */
  readonly isFormat?: boolean;
  /** A filter passes requests to one child and is skipped by info/backing logic as QEMU does. */
  readonly isFilter?: boolean;
  /** Whether the format can have a backing file (`-b`, `backing` child). */
  readonly supportsBacking?: boolean;
  /** Whether write() accepts `compressed` (block_driver_can_compress: qemu-img convert -c checks it). */
  readonly supportsCompressedWrites?: boolean;
  /** bdrv_get_info() is unsupported (null-co): qemu-io info stops after the name, qemu-img info has no dirty flag. */
  readonly lacksGetInfo?: boolean;
  /** bdrv_get_info() is the `file` child's answer (raw). */
  readonly getInfoFromFile?: boolean;
  /**
   * Creation options in QEMU's descriptor order (the order of the "Formatting ..." line, which
   * prints each set option or its default); `-o help` lists them sorted by name.
   */
  readonly createOptions?: readonly CreateOptionSpec[];
  /**
   * Runtime options that change what the node presents (strong_runtime_opts, e.g. raw's offset
   * and size): when set, the node's filename becomes a json:{...} pseudo-filename.
   */
  readonly strongOptions?: readonly string[];
  /** The node's own filename when the generic rule does not fit (blkverify:a:b); undefined = generic. */
  refreshFilename?(node: BlockNode<S>): string | undefined;
  /**
   * How this node uses child `name` for permissions (default: formats 'metadata', others
   * 'filtered'; `backing` is always 'cow'). Called while open() runs, before state is set.
   */
  childRole?(node: BlockNode<S>, name: string): 'filtered' | 'data' | 'metadata' | 'cow' | undefined;
  /** Identity of the host file for image locking (file protocol: device and inode), undefined = no lock. */
  lockKey?(node: BlockNode<S>): string | undefined;

  /** Score 0..100 how likely `header` (first bytes of the file) is this format; 0 = not this format. */
  probe?(header: Uint8Array, filename: string): number;
  /** Turn a prefixed filename ("blkverify:a:b") into options, as bdrv_parse_filename does. */
  parseFilename?(filename: string, options: QDict): void;

  /** Open the node: take options, open children, validate metadata; return the typed state. */
  open(node: BlockNode<S>, ctx: OpenContext): Promise<S>;
  /** Release everything open() acquired; children are closed by the caller afterwards. */
  close(node: BlockNode<S>): Promise<void>;
  /** Current length of the guest-visible disk in bytes. */
  getLength(node: BlockNode<S>): Promise<number>;
  /**
   * The length getLength() would give, when the driver knows it without I/O or waiting (QEMU's
   * cached bs->total_sectors); undefined to make the caller ask getLength(). Hot request paths
   * use it to skip getLength()'s chain of promises.
   */
  lengthNow?(node: BlockNode<S>): number | undefined;
  /** Fill `buf` from `offset`; the request path guarantees alignment and bounds. */
  read(node: BlockNode<S>, offset: number, buf: Uint8Array): Promise<void>;
  /** Write `data` at `offset`; the request path guarantees alignment, bounds and write permission. */
  write(node: BlockNode<S>, offset: number, data: Uint8Array, flags: WriteFlags): Promise<void>;

  /** Zero a range efficiently; throw ENOTSUP to let the request path write a zero buffer instead. */
  writeZeroes?(node: BlockNode<S>, offset: number, bytes: number, flags: ZeroFlags): Promise<void>;
  /** Discard a range (advisory: may do nothing); throw ENOTSUP when unsupported. */
  discard?(node: BlockNode<S>, offset: number, bytes: number): Promise<void>;
  /** Status of the range starting at `offset` according to this layer only; absent means "all data, allocated". */
  blockStatus?(node: BlockNode<S>, wantZero: boolean, offset: number, bytes: number): Promise<BlockStatus> | BlockStatus;
  /** Start the slow part of the first blockStatus() now, without waiting or failing (a hint; no I/O a caller can see). */
  prefetchStatus?(node: BlockNode<S>): void;
  /** Change the length; `exact` false lets a protocol keep a larger file. */
  truncate?(node: BlockNode<S>, offset: number, exact: boolean, prealloc: PreallocMode): Promise<void>;
  /** Flush every layer below in one call, replacing the generic flush (no events, no children walk): blkverify flushes `test` only. */
  flush?(node: BlockNode<S>): Promise<void>;
  /** Write cached metadata to the child (flush_to_os) ... */
  flushToOs?(node: BlockNode<S>): Promise<void>;
  /** ... and make the protocol's data stable (flush_to_disk). */
  flushToDisk?(node: BlockNode<S>): Promise<void>;
  /** Bytes the image occupies on the host ("disk size"), or undefined when unknown. */
  getAllocatedFileSize?(node: BlockNode<S>): Promise<number | undefined>;
  /**
   * Create a new image at `filename` with `-o` options already validated against createOptions
   * (format and protocol options together). Values are normalised: sizes and numbers as decimal
   * byte counts, bools as 'on'/'off', strings as given.
   */
  create?(filename: string, options: Map<string, string>, ctx: CreateContext): Promise<void>;
  /** Remove the protocol-level file `filename` (bdrv_co_delete_file); formats use it to undo a failed create. */
  deleteFile?(filename: string, ctx: CreateContext): Promise<void>;
  /** Consistency check (qemu-img check); `fix` is 'leaks' or 'all' for -r. */
  check?(node: BlockNode<S>, fix: 'none' | 'leaks' | 'all', report: (line: string) => void): Promise<CheckResult>;
  /** Format-specific part of qemu-img info (human lines and json object), if any. */
  getSpecificInfo?(node: BlockNode<S>): Promise<{ type: string; data: QDict } | undefined>;
  /** Internal snapshots in table order (qemu-img info / snapshot -l); absent = the format has none. */
  listSnapshots?(node: BlockNode<S>): Promise<SnapshotInfo[]>;
  /** qemu-img snapshot -c: record the current state under `name` (new id, date now, no VM state). */
  createSnapshot?(node: BlockNode<S>, name: string): Promise<void>;
  /** qemu-img snapshot -a: revert the image to the snapshot with this id or name. */
  applySnapshot?(node: BlockNode<S>, idOrName: string): Promise<void>;
  /**
   * When applySnapshot is absent, bdrv_snapshot_goto() tries the `file` child and then re-runs
   * this driver's open: repeat whatever open reported (raw's probing warning).
   */
  reopenNotices?(node: BlockNode<S>, report: (text: string) => void): void;
  /** qemu-img snapshot -d: delete the snapshot with this id or name. */
  deleteSnapshot?(node: BlockNode<S>, idOrName: string): Promise<void>;
  /**
   * qemu-img convert/measure -l (bdrv_snapshot_load_tmp): make a read-only node present the
   * internal snapshot matching `id` and/or `name` (both must match when both are given) instead
   * of the active image; throws ENOENT "Can't find snapshot" when none does.
   */
  loadSnapshotTmp?(node: BlockNode<S>, id: string | undefined, name: string | undefined): Promise<void>;
  /** Whether the image is marked dirty (qcow2's dirty bit): info shows "cleanly shut down: no" / "dirty-flag": true. */
  isDirty?(node: BlockNode<S>): boolean;
  /** Cluster size for info ("cluster_size"), if the format has one. */
  getClusterSize?(node: BlockNode<S>): number | undefined;
  /** Where the VM state area starts (BlockDriverInfo.vm_state_offset; qemu-io info's "vm state offset"), 0 if none. */
  getVmStateOffset?(node: BlockNode<S>): number | undefined;
  /** Whether the image was not cleanly shut down (qcow2's dirty bit): info's "dirty-flag" / "cleanly shut down: no". */
  isDirty?(node: BlockNode<S>): boolean;
  /**
   * Change creation options of an existing image (qemu-img amend). `status(done, total)` reports
   * progress as QEMU's amend status callback does (qemu-img -p prints done/total).
   */
  amend?(node: BlockNode<S>, options: Map<string, string>, status?: (done: number, total: number) => void): Promise<void>;
  /** What `qemu-img amend -o` accepts, in descriptor order (`-o help` sorts them); defaults to createOptions. */
  readonly amendOptions?: readonly CreateOptionSpec[];
  /**
   * Rewrite the backing file name (and format) recorded in the image, as qemu-img rebase does;
   * undefined removes the backing file. Absent: the format cannot (rebase reports ENOTSUP).
   */
  changeBackingFile?(node: BlockNode<S>, backingFile: string | undefined, backingFormat: string | undefined): Promise<void>;
  /** Drop all data of this layer so the backing file shows through (qemu-img commit without -d). */
  makeEmpty?(node: BlockNode<S>): Promise<void>;
  /**
   * qemu-img measure: bytes a new image of this format needs, from creation `options` (size and
   * format options, validated against createOptions) or, with `source`, to hold that image's data.
   */
  measure?(options: Map<string, string>, source: BlockNode | undefined): Promise<MeasureInfo>;
  /**
   * Apply runtime options a reopen gives (type-checked; sizes as bigint). Options not given keep
   * their current values; throw to refuse, leaving the node as it was.
   */
  reopenOptions?(node: BlockNode<S>, options: Record<string, bigint | boolean | string>): Promise<void>;
  /** Reopen with new flags (read-only <-> read-write), as qemu-io reopen. */
  reopen?(node: BlockNode<S>, readOnly: boolean): Promise<void>;
  /** Any reopen of this node succeeded (QEMU's reopen commit): rebuild what the driver derives from its options, e.g. caches. */
  reopenCommit?(node: BlockNode<S>): Promise<void>;
  /** Whether this image can hold persistent dirty bitmaps at all (convert --bitmaps checks source and target; measure). */
  supportsPersistentBitmaps?(node: BlockNode<S>): boolean;
  /** Whether a new persistent dirty bitmap could be stored; throws with the reason (absent: the format stores none). */
  canStoreNewDirtyBitmap?(node: BlockNode<S>, name: string, granularity: number): Promise<void>;
  /** Delete the stored copy of persistent bitmap `name` now (the in-memory bitmap is the caller's). */
  removePersistentDirtyBitmap?(node: BlockNode<S>, name: string): Promise<void>;
}

/** One internal snapshot as qemu-img lists it (QEMUSnapshotInfo). */
export interface SnapshotInfo {
  id: string;
  name: string;
  vmStateSize: number;
  dateSec: number;
  dateNsec: number;
  /** Guest clock at the snapshot, in nanoseconds. */
  vmClockNsec: number;
  /** Instruction count, when recorded (shown only then). */
  icount?: number;
}

/** qemu-img measure's answer (BlockMeasureInfo). */
export interface MeasureInfo {
  required: number;
  fullyAllocated: number;
  /** Space persistent bitmaps take (qcow2 reports it, raw does not). */
  bitmaps?: number;
}

/** What create() needs from the outside world. */
export interface CreateContext {
  /** Resolve a path as the tool's cwd would. */
  resolvePath(p: string): string;
  /** Create and open a protocol-level image through the registry (formats create their `file` this way). */
  createFile(filename: string, options: Map<string, string>): Promise<void>;
  openFile(filename: string, readOnly: boolean): Promise<BlockNode>;
  /** Delete a file createFile made, ignoring failures (bdrv_co_delete_file_noerr after a failed create). */
  deleteFile?(filename: string): Promise<void>;
  /** Open an image by filename/format through the full open path (for backing files, sizes). */
  openImage(filename: string, format: string | undefined, readOnly: boolean): Promise<BlockNode>;
  /** Flush and close a node returned by openFile/openImage (with the rest of its graph). */
  close?(node: BlockNode): Promise<void>;
  /** The invocation's image locks: protocols take CREATE_PERMS while creating (src/block/locks.ts). */
  locks?: import('./locks.ts').LockTable;
  /** Emit a warning line exactly as QEMU would ("qemu-img: warning: ..." is added by the tool). */
  warn(message: string): void;
}
