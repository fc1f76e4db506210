// Walking an L1 tree to add to the refcounts of everything it references and to set COPIED where a refcount is one.

import { l1, l2, readEntry, writeEntry } from './entries.ts';
import { getL2, setL2 } from './subclusters.ts';
import { compressedExtent } from './compress.ts';
import { refcountOf, updateRefcounts } from './refcount.ts';
import type { Qcow2State } from './state.ts';
import { isDirty } from './meta.ts';
import { hexAlt, signalCorruption } from './corruption.ts';

/**
 * Add `addend` (-1, 0 or 1) to the refcount of every L2 table and data cluster the L1 table
 * `table` points to, then set each entry's COPIED flag from the resulting refcount (entries without
 * a cluster lose it). L2 tables are changed through the cache, each marked dirty as an entry
 * changes (what a failed walk changed is written back later, as QEMU's cache does); the L1 table
 * in place (the caller writes it). The walk ends with the caches flushed; the clusters it freed are
 * discarded only then. Returns whether the L1 table changed.
 */
export async function updateTreeRefcounts(s: Qcow2State, table: Uint8Array, size: number, addend: number): Promise<boolean> {
  const queue: number[] = [];
  s.discardQueue = queue;
  let changed: boolean;
  try {
    changed = await walkTree(s, table, size, addend);
    // The walk ends flushed, as QEMU's flushes the node: L2 tables first (after the refcounts
    // they depend on, when the walk added references), then the refcount blocks.
    await s.l2Cache.flush();
    if (!isDirty(s)) await s.refCache.flush();
  } finally {
    s.discardQueue = undefined;
  }
  // The freed clusters are discarded only after a walk that went through, as QEMU's queued discards are.
  for (const off of queue) await s.file.discard(off, s.geo.clusterSize);
  return changed;
}

/** updateTreeRefcounts() without its discard queue. */
async function walkTree(s: Qcow2State, table: Uint8Array, size: number, addend: number): Promise<boolean> {
  const cs = s.geo.clusterSize;
  let l1Changed = false;
  for (let i = 0; i < size; i++) {
    const e = readEntry(table, i);
    const l2Offset = l1.l2Offset(e);
    if (!l2Offset) continue;
    if (l2Offset % cs) throw await signalCorruption(s, `L2 table offset ${hexAlt(l2Offset)} unaligned (L1 index: ${hexAlt(i)})`);
    const t = await s.l2Cache.get(l2Offset);
    const change = async (j: number, e: ReturnType<typeof getL2>): Promise<void> => {
      // A table gaining references must not reach the file before the refcounts do.
      if (addend > 0) await s.l2Cache.setDependency(s.refCache);
      setL2(s.geo, t, j, e);
      s.l2Cache.markDirty(l2Offset, t);
    };
    for (let j = 0; j < s.geo.l2Entries; j++) {
      const le = getL2(s.geo, t, j);
      const type = l2.type(le);
      if (type === 'compressed') {
        if (addend) {
          const ext = compressedExtent(s, le);
          await updateRefcounts(s, ext.offset, ext.bytes, addend, 'snapshot', false);
        }
        // Compressed clusters are never written in place: COPIED never belongs on them.
        if (l2.copied(le)) await change(j, l2.withCopied(le, false));
        continue;
      }
      if (type !== 'normal' && type !== 'zero-alloc') {
        if (l2.copied(le)) await change(j, l2.withCopied(le, false));
        continue;
      }
      const off = l2.offset(le);
      if (off % cs) {
        throw await signalCorruption(s, `Cluster allocation offset ${hexAlt(off)} unaligned (L2 offset: ${hexAlt(l2Offset)}, L2 index: ${hexAlt(j)})`);
      }
      if (addend) await updateRefcounts(s, off, cs, addend, 'snapshot', false);
      const one = (await refcountOf(s, off / cs)) === 1;
      if (one !== l2.copied(le)) await change(j, l2.withCopied(le, one));
    }
    if (addend) await updateRefcounts(s, l2Offset, cs, addend, 'snapshot', false);
    const one = (await refcountOf(s, l2Offset / cs)) === 1;
    if (one !== l1.copied(e)) {
      writeEntry(table, i, l1.make(l2Offset, one));
      l1Changed = true;
    }
  }
  return l1Changed;
}
