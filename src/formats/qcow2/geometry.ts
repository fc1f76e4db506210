// Derived sizes of a qcow2 image: cluster size, entries per L2 table and refcount block, guest offset → table indices.

import { ENTRY_SIZE } from './constants.ts';

/** Subclusters per cluster with extended L2 entries (one bit each in the 32-bit halves of the bitmap). */
export const SUBCLUSTERS = 32;

export interface Geometry {
  clusterBits: number;
  clusterSize: number;
  /** log2 of L2 entries per table (cluster_bits - 3, or - 4 with extended L2 entries). */
  l2Bits: number;
  l2Entries: number;
  /** Extended L2 entries: 128-bit entries, each cluster split into 32 subclusters. */
  extendedL2: boolean;
  /** 8-byte words per L2 entry (1, or 2 with extended L2 entries): entry i starts at word i * l2Stride. */
  l2Stride: 1 | 2;
  /** Allocation unit of guest data: the cluster, or a 32nd of it with extended L2 entries. */
  subclusterSize: number;
  /** refcount_order: log2 of the refcount width in bits (0..6). */
  refcountOrder: number;
  refcountBits: number;
  /** log2 of refcount entries per refcount block. */
  refblockBits: number;
  refblockEntries: number;
  /** Entries per refcount-table cluster. */
  reftableEntriesPerCluster: number;
}

export function makeGeometry(clusterBits: number, refcountOrder: number, extendedL2 = false): Geometry {
  const clusterSize = 2 ** clusterBits;
  const l2Bits = clusterBits - (extendedL2 ? 4 : 3);
  const refblockBits = clusterBits + 3 - refcountOrder;
  return {
    clusterBits,
    clusterSize,
    l2Bits,
    l2Entries: 2 ** l2Bits,
    extendedL2,
    l2Stride: extendedL2 ? 2 : 1,
    subclusterSize: extendedL2 ? clusterSize / SUBCLUSTERS : clusterSize,
    refcountOrder,
    refcountBits: 2 ** refcountOrder,
    refblockBits,
    refblockEntries: 2 ** refblockBits,
    reftableEntriesPerCluster: clusterSize / ENTRY_SIZE,
  };
}

/** Bytes of guest data one L2 table maps. */
export function bytesPerL2(g: Geometry): number {
  return g.clusterSize * g.l2Entries;
}

/** L1 index of a guest offset. */
export function l1Index(g: Geometry, guestOffset: number): number {
  return Math.floor(guestOffset / bytesPerL2(g));
}

/** Index inside the L2 table of a guest offset. */
export function l2Index(g: Geometry, guestOffset: number): number {
  return Math.floor(guestOffset / g.clusterSize) % g.l2Entries;
}

/** L1 entries needed to map `size` guest bytes. */
export function l1EntriesFor(g: Geometry, size: number): number {
  return Math.ceil(size / bytesPerL2(g));
}

export function clusterIndex(g: Geometry, hostOffset: number): number {
  return Math.floor(hostOffset / g.clusterSize);
}

export function offsetIntoCluster(g: Geometry, offset: number): number {
  return offset % g.clusterSize;
}

export function startOfCluster(g: Geometry, offset: number): number {
  return offset - (offset % g.clusterSize);
}

export function alignUpToCluster(g: Geometry, offset: number): number {
  return Math.ceil(offset / g.clusterSize) * g.clusterSize;
}

/** Clusters needed to hold `bytes`. */
export function sizeToClusters(g: Geometry, bytes: number): number {
  return Math.ceil(bytes / g.clusterSize);
}
