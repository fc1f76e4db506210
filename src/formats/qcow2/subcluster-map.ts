// Guest → host look-up on images with extended L2 entries: runs of subclusters of one type.

import { l2, type RawEntry } from './entries.ts';
import { hexAlt, signalCorruption } from './corruption.ts';
import { hasDataFile } from './data-file.ts';
import { getBitmap, getL2, subclusterType, type SubclusterType } from './subclusters.ts';
import { l2Index } from './geometry.ts';
import type { Qcow2State } from './state.ts';

/** A run of guest bytes whose subclusters share a type (and, where mapped, contiguous host offsets). */
export interface SubclusterRun {
  type: Exclude<SubclusterType, 'invalid'>;
  bytes: number;
  /** For 'normal', 'zero-alloc' and 'unallocated-alloc': host offset of the requested guest byte. */
  hostOffset: number;
  /** The first cluster's L2 entry (compressed runs are one cluster long). */
  entry: RawEntry;
}

const MAPPED = new Set<SubclusterType>(['normal', 'zero-alloc', 'unallocated-alloc']);

/**
 * The run starting at guest `offset` (at most `bytes`, which must not cross the L2 table) in the
 * loaded L2 table `lt`. An invalid bitmap marks the image corrupt and fails with EIO, as QEMU.
 */
export async function lookupSubclusterRun(
  s: Qcow2State, lt: { offset: number; table: Uint8Array }, offset: number, bytes: number,
): Promise<SubclusterRun> {
  const g = s.geo;
  const df = hasDataFile(s);
  const scs = g.subclusterSize;
  const first = l2Index(g, offset);
  const inCluster = offset % g.clusterSize;
  const entry = getL2(g, lt.table, first);
  const sc0 = Math.floor(inCluster / scs);
  const type = subclusterType(entry, getBitmap(lt.table, first), sc0, df);
  if (type === 'invalid') {
    throw await signalCorruption(s, `Invalid cluster entry found  (L2 offset: ${hexAlt(lt.offset)}, L2 index: ${hexAlt(first)})`);
  }
  await checkMappedOffset(s, entry, type, lt.offset, first);
  const hostOffset = MAPPED.has(type) ? l2.offset(entry) + inCluster : 0;
  if (type === 'compressed') return { type, bytes: Math.min(bytes, g.clusterSize - inCluster), hostOffset, entry };
  // Count subclusters of the same type from the one holding `offset`; mapped ones must stay contiguous on the host.
  const end = inCluster + bytes;
  let pos = (sc0 + 1) * scs;
  let i = 0;
  let e = entry;
  let b = getBitmap(lt.table, first);
  while (pos < end) {
    const ci = Math.floor(pos / g.clusterSize);
    if (ci !== i) {
      i = ci;
      e = getL2(g, lt.table, first + i);
      b = getBitmap(lt.table, first + i);
      if (MAPPED.has(type) && l2.offset(e) !== l2.offset(entry) + i * g.clusterSize) break;
    }
    if (subclusterType(e, b, Math.floor((pos % g.clusterSize) / scs), df) !== type) break;
    pos += scs;
  }
  return { type, bytes: Math.min(bytes, pos - inCluster), hostOffset, entry };
}

async function checkMappedOffset(s: Qcow2State, e: RawEntry, type: SubclusterType, l2Offset: number, idx: number): Promise<void> {
  if (MAPPED.has(type) && l2.offset(e) % s.geo.clusterSize) {
    throw await signalCorruption(
      s,
      `Cluster allocation offset ${hexAlt(l2.offset(e))} unaligned (L2 offset: ${hexAlt(l2Offset)}, L2 index: ${hexAlt(idx)})`,
    );
  }
}
