// How many tables each qcow2 metadata cache holds, from the image geometry, its virtual size and the cache-size options (QEMU's defaults and rules).

import type { Qcow2State } from './state.ts';

/** The cache-size runtime options as given (bytes), each undefined when not set. */
export interface CacheSizeOptions {
  all?: number;
  l2?: number;
  entry?: number;
  refcount?: number;
}

/** QEMU's default ceiling of the L2 cache on Linux: enough for 256 GiB with 64 KiB clusters. */
const DEFAULT_L2_CACHE_MAX_BYTES = 32 * 1024 * 1024;
/** The smallest caches QEMU makes (tables). */
const MIN_L2_TABLES = 2;
const MIN_REFCOUNT_TABLES = 4;

/**
 * Tables per cache for an image of `virtualSize` bytes, as QEMU sizes them when it opens (and
 * again after it resizes) an image: by default the L2 cache holds every L2 table the disk can have
 * (at most 32 MiB) and the refcount cache four blocks; `cache-size` gives the L2 cache as much as
 * it can use first. Our tables are whole clusters: an entry size below the cluster size (QEMU's
 * partial tables, its default when the L2 cache cannot cover the disk) counts as that many bytes
 * of whole tables.
 */
export function cacheTables(
  o: CacheSizeOptions, clusterSize: number, virtualSize: number, l2EntryBytes: number,
): { l2: number; refcount: number } {
  const minRefcountBytes = MIN_REFCOUNT_TABLES * clusterSize;
  const l2Entries = Math.ceil(virtualSize / clusterSize);
  const maxL2Bytes = Math.ceil((l2Entries * l2EntryBytes) / clusterSize) * clusterSize;
  let l2Bytes = Math.min(maxL2Bytes, o.l2 ?? DEFAULT_L2_CACHE_MAX_BYTES);
  let refcountBytes = o.refcount ?? 0;
  if (o.all !== undefined) {
    if (o.l2 !== undefined) refcountBytes = o.all - l2Bytes;
    else if (o.refcount !== undefined) l2Bytes = o.all - refcountBytes;
    else if (o.all >= maxL2Bytes + minRefcountBytes) {
      l2Bytes = maxL2Bytes;
      refcountBytes = o.all - l2Bytes;
    } else {
      refcountBytes = Math.min(o.all, minRefcountBytes);
      l2Bytes = o.all - refcountBytes;
    }
  }
  return {
    l2: Math.max(MIN_L2_TABLES, Math.floor(l2Bytes / clusterSize)),
    refcount: Math.max(MIN_REFCOUNT_TABLES, Math.floor(refcountBytes / clusterSize)),
  };
}

/**
 * QEMU's qcow2 makes new caches after a resize and on every reopen (qcow2_update_options): the
 * old ones are written back (L2 tables first, so after a shrink they reach the disk before the
 * refcount blocks that freed their clusters) and the new ones, sized for the current disk size
 * and options, start empty.
 */
export async function renewCaches(s: Qcow2State): Promise<void> {
  if (!s.dead) {
    await s.l2Cache.flush();
    await s.refCache.flush();
  }
  const tables = cacheTables(s.cacheOptions, s.geo.clusterSize, s.header.size, s.geo.extendedL2 ? 16 : 8);
  s.l2Cache.clear(tables.l2);
  s.refCache.clear(tables.refcount);
}
