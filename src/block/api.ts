// The block layer's surface for the tools: open an image into a backend and do requests on it.

import type { BlockStatus, PreallocMode, QDict, WriteFlags, ZeroFlags } from './driver.ts';
import type { BlockNode, OpenFlags } from './node.ts';
import type { LockTable } from './locks.ts';

/** How a tool asks for an image: the union of -f, filename, --image-opts, -o-style option strings and json:. */
export interface OpenRequest {
  /** A filename, possibly "file:x", "blkverify:a:b", "json:{...}"; undefined with --image-opts-only options. */
  filename?: string;
  /** -f FMT (driver of the top node); undefined means probe. */
  format?: string;
  /** Extra options (from --image-opts parsing or -o key=val), as a nested QDict. */
  options?: QDict;
  flags?: Partial<OpenFlags>;
  /** -C (BDRV_O_COPY_ON_READ on the top node): a read-only open refuses it once the top node's own file is open. */
  copyOnRead?: boolean;
  /** -s: open with a temporary overlay (qemu-io snapshot mode); needs the qcow2 driver. */
  snapshot?: boolean;
  /** Where -s puts its overlay: the tool's $TMPDIR, else /var/tmp as QEMU. */
  tmpDir?: string;
  /**
   * The tool invocation's image locks: pass the same LockTable (src/block/locks.ts) to every
   * open of one invocation and conflicts fail as in QEMU ("Failed to get \"write\" lock").
   */
  locks?: LockTable;
  /** BDRV_O_NO_SHARE: qemu-img's images share only reading with other users (unless -U). */
  noShare?: boolean;
  /** Resolve relative paths against this directory. */
  cwd: string;
  /** Called with a warn_report() text, without the "tool: warning: " prefix (the tool adds it). */
  warn?: (message: string) => void;
  /**
   * Text QEMU's drivers fprintf(stderr) themselves, printed as is plus a newline (no prefix): the raw
   * probing "WARNING: Image format was not specified ..." block, "qcow2: Marking image as corrupt: ...".
   */
  report?: (text: string) => void;
  /** error_printf() text from drivers, printed exactly as given (no prefix, no newline added). */
  errorPrintf?: (text: string) => void;
  /** error_report() text from drivers, without the "tool: " prefix (the tool adds it and a newline). */
  errorReport?: (message: string) => void;
}

/**
 * A root node plus the permission state a tool holds (bdrv + BlockBackend in QEMU).
 * All offsets and lengths are bytes; errors are BlockError with QEMU's errno.
 */
export interface BlockBackend {
  readonly root: BlockNode;
  readonly readOnly: boolean;
  /**
   * Called when a request starts (past its range check, before any I/O): where QEMU's tool, whose
   * synchronous request yields there, polls its event loop. qemu-io reports completions then.
   */
  onRequest?: () => void;
  /** Take write permission as qemu-io does before a writing command: BlockError "Block node is read-only" when not allowed. */
  ensureWritable(): void;
  getLength(): Promise<number>;
  /** Read `bytes` at `offset`; past the end fails with EIO as blk_pread does. */
  read(offset: number, bytes: number): Promise<Uint8Array>;
  /**
   * The same into the caller's `buf` (a reusable buffer: no allocation per request). A driver that
   * reads nothing, like null-co, leaves its bytes as they were.
   */
  readInto(offset: number, buf: Uint8Array): Promise<void>;
  write(offset: number, data: Uint8Array, flags?: WriteFlags): Promise<void>;
  writeZeroes(offset: number, bytes: number, flags?: ZeroFlags): Promise<void>;
  discard(offset: number, bytes: number): Promise<void>;
  flush(): Promise<void>;
  truncate(length: number, exact: boolean, prealloc: PreallocMode): Promise<void>;
  /** Status of the root node only (bdrv_block_status). */
  blockStatus(offset: number, bytes: number): Promise<BlockStatus>;
  /** bdrv_is_allocated on the root: [allocated, pnum]. */
  isAllocated(offset: number, bytes: number): Promise<{ allocated: boolean; pnum: number }>;
  close(): Promise<void>;
  /** qemu-io read -b (bdrv_load_vmstate): read the VM state area; ENOTSUP when the format has none. */
  loadVmState(offset: number, bytes: number): Promise<Uint8Array>;
  /** qemu-io write -b (bdrv_save_vmstate): write the VM state area; ENOTSUP when the format has none. */
  saveVmState(offset: number, data: Uint8Array): Promise<void>;
}

/** Signature of the block layer's open entry point (implemented in src/block/open.ts). */
export type OpenImage = (req: OpenRequest) => Promise<BlockBackend>;
