// The byte-level access a qcow2 node needs to its `file` child, as a small interface (node-backed or, in unit tests, fs-backed).

import type { BlkdebugEvent } from '../../block/events.ts';
import type { PreallocMode, WriteFlags } from '../../block/driver.ts';

/** Reads past the end return zeros, as the file protocol does. */
export interface HostFile {
  read(offset: number, bytes: number): Promise<Uint8Array>;
  /** `flags`: see WriteFlags.onAllocated (the fs-backed file of unit tests ignores it). */
  write(offset: number, data: Uint8Array, flags?: WriteFlags): Promise<void>;
  length(): Promise<number>;
  truncate(length: number, prealloc: PreallocMode): Promise<void>;
  /** Write zeros (may deallocate when `unmap`). */
  writeZeroes(offset: number, bytes: number, unmap: boolean): Promise<void>;
  /** Advisory discard; never fails. */
  discard(offset: number, bytes: number): Promise<void>;
  flush(): Promise<void>;
  /** Host bytes allocated ("disk size"), if known. */
  allocatedSize(): Promise<number | undefined>;
  /** Raise a blkdebug event on the file child; undefined when nothing listens (hot paths skip the await then). */
  event(ev: BlkdebugEvent): Promise<void> | void;
}
