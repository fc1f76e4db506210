// The open qcow2 node's state: parsed header, tables in memory, metadata caches and allocation cursors.

import type { BlockError } from '../../block/errors.ts';
import type { TableCache } from './cache.ts';
import type { CacheSizeOptions } from './cache-sizes.ts';
import type { HeaderExtensions } from './extensions.ts';
import type { Geometry } from './geometry.ts';
import type { Qcow2Header } from './header.ts';
import type { BlockNode } from '../../block/node.ts';
import type { HostFile } from './host-file.ts';
import type { SnapshotEntry } from './snapshot-table.ts';
import type { InflightAlloc } from './inflight.ts';
import type { AsyncMutex } from '../../block/mutex.ts';
import { parkUntilPoll, withoutParking } from '../../block/request-context.ts';

export interface Qcow2State {
  file: HostFile;
  /** Opened by qemu-img check with a snapshot table it could not take (validated or read); check reports it. */
  snapshotFault?: BlockError;
  /** The external data file (data-file child) when the image has one; data clusters live there at guest offsets. */
  dataFile?: HostFile;
  dataFileNode?: BlockNode;
  header: Qcow2Header;
  ext: HeaderExtensions;
  geo: Geometry;
  /** Backing file name as stored in the image ('' when none). */
  backingFile: string;
  /** Internal snapshots, in table order, and the table's size in bytes. */
  snapshots: SnapshotEntry[];
  snapshotsBytes: number;
  /** The active L1 table (header.l1Size entries of 8 bytes). */
  l1: Uint8Array;
  /** The refcount table in memory (refcount_table_clusters clusters of entries). */
  reftable: Uint8Array;
  /** The refcount blocks `table` (the reftable when it was taken) points at; reset when an entry changes. */
  refblockScan?: { table: Uint8Array; offsets: number[] };
  l2Cache: TableCache;
  refCache: TableCache;
  /** The cache-size options the image was opened with (the caches are sized again after a resize). */
  cacheOptions: CacheSizeOptions;
  /** First cluster index that may be free (clusters below are known to be in use). */
  freeClusterIndex: number;
  /** Where the next compressed cluster's bytes may go (0: start a new host cluster). */
  freeByteOffset: number;
  /**
   * The host cluster of freeByteOffset was freed since (its refcount reached 0). QEMU keeps
   * packing into it; we do too while it stays free, but not once it was allocated again.
   */
  freeByteClusterFreed?: boolean;
  /**
   * While a snapshot refcount walk runs, the discards of the clusters it frees wait here (QEMU's
   * cache_discards): done when the walk succeeds, dropped when it fails.
   */
  discardQueue?: number[];
  readOnly: boolean;
  /** Guest discards are passed to the file (discard=unmap / pass-discard-request). */
  passDiscardRequest: boolean;
  /** pass-discard-request was given as an option; else each reopen takes it from the node's discard=unmap again. */
  passDiscardRequestSet?: boolean;
  /** Clusters freed by snapshot operations are discarded in the file (pass-discard-snapshot, default on). */
  passDiscardSnapshot: boolean;
  /** Clusters freed otherwise (metadata moves, COW) are discarded in the file (pass-discard-other, default off). */
  passDiscardOther: boolean;
  /** The image was found (or marked) corrupt: writes fail with EIO. */
  corrupt: boolean;
  /** A corruption message was printed already (QEMU reports only the first). */
  corruptionSignaled: boolean;
  /** A fatal corruption made the node unusable: every request fails with ENOMEDIUM (QEMU drops bs->drv). */
  dead: boolean;
  /** Whether the image looks metadata-preallocated (decided on first block status; undefined until then). */
  metadataPrealloc?: boolean;
  /** Set the dirty bit before the first metadata change and defer refcount writes (lazy_refcounts). */
  lazyRefcounts: boolean;
  /** Requests on one image take turns with its metadata (QEMU's s->lock; see serialized and unlocked). */
  lock: AsyncMutex;
  /** Cluster allocations whose data is being written and whose L2 entries are not linked yet. */
  inflight: InflightAlloc[];
  /** Diagnostics QEMU prints from inside the driver (e.g. "qcow2: Marking image as corrupt: ..."). */
  report: (line: string) => void;
  /** The bitmaps extension was found stale on open (autoclear bit clear): its bitmaps are ignored. */
  staleBitmaps?: boolean;
  /** error_report() channel (close-time "Failed to flush the L2 table cache: ..."). */
  errorReport?: (message: string) => void;
}

export function reftableEntries(s: Qcow2State): number {
  return s.reftable.length / 8;
}

export function l1Entries(s: Qcow2State): number {
  return s.l1.length / 8;
}

/** Flush caches in dependency order: refcount blocks before the L2 tables that reference counted clusters. */
export async function flushCaches(s: Qcow2State): Promise<void> {
  await s.refCache.flush();
  await s.l2Cache.flush();
}

/** Run `fn` holding the image's lock (QEMU's s->lock): requests take their turns in arrival order. */
export function serialized<T>(s: Qcow2State, fn: () => Promise<T>): Promise<T> {
  return s.lock.run(fn);
}

/**
 * Inside a serialized request: let every request queued behind it run first, then continue (a
 * qcow2 request that yields s->lock and queues again, as QEMU's do between the pieces of a write).
 */
export async function requeue(s: Qcow2State): Promise<void> {
  // QEMU's request waits for I/O here (its new L2 table), still holding the lock: requests the
  // tool submits meanwhile queue for it.
  await parkUntilPoll(true);
  await unlocked(s, async () => undefined);
}

/**
 * Inside a serialized request: give the image's lock up while `fn` runs, then queue for it again
 * (behind every request that asked meanwhile), as QEMU's qcow2 drops s->lock around data I/O and
 * while it waits for another request. `fn` must not touch metadata without taking the lock.
 */
export async function unlocked<T>(s: Qcow2State, fn: () => Promise<T>): Promise<T> {
  if (!s.lock.locked) return fn();
  s.lock.unlock();
  try {
    return await fn();
  } finally {
    await s.lock.lock();
  }
}

/**
 * A request's data I/O: the lock is given up around it (see unlocked). With `park` (the request
 * allocates nothing more after this I/O, so QEMU's would wait for it while the tool goes on),
 * it first parks until the tool's next poll.
 */
export function dataPhase<T>(s: Qcow2State, fn: () => Promise<T>, park = true): Promise<T> {
  return unlocked(s, async () => {
    if (!park) return withoutParking(fn);
    const parking = parkUntilPoll();
    if (parking) await parking;
    return fn();
  });
}

/** Run a request's data I/O (`last`: nothing of the request follows it); see dataPhase. */
export type DataPhase = <T>(fn: () => Promise<T>, last: boolean) => Promise<T>;

/** A data phase that keeps whatever the caller holds. */
export const inPlacePhase: DataPhase = (fn) => fn();
