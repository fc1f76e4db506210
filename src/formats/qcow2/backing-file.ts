// Header-level operations qemu-img uses on a qcow2: change the recorded backing file, empty the image (commit), reopen.

import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { LIMITS } from './constants.ts';
import { reftable, writeEntry } from './entries.ts';
import { writeU64 } from './header.ts';
import { headerBytes, flushMetadata, markClean, writeHeader } from './meta.ts';
import { setRefcount } from './refblock.ts';
import { discardClusters } from './zero-discard.ts';
import type { Qcow2State } from './state.ts';
import { bitmapsExt } from './bitmap-load.ts';
import { dataFileIsRaw } from './data-file.ts';

/** qemu-img rebase: record a new backing file name and format (none removes both). */
export async function changeBackingFile(node: BlockNode<Qcow2State>, file: string | undefined, format: string | undefined): Promise<void> {
  const s = node.state;
  if (file === '') file = undefined;
  if (file !== undefined && Buffer.byteLength(file) > LIMITS.maxBackingFileName) throw BlockError.io('EINVAL');
  // A raw external data file must stay readable on its own, so nothing may show through from below.
  if (file !== undefined && dataFileIsRaw(s)) throw BlockError.io('EINVAL');
  const saved = { file: s.backingFile, format: s.ext.backingFormat };
  s.backingFile = file ?? '';
  s.ext.backingFormat = file !== undefined ? format : undefined;
  try {
    headerBytes(s);
  } catch (e) {
    s.backingFile = saved.file;
    s.ext.backingFormat = saved.format;
    throw e;
  }
  await flushMetadata(s);
  await writeHeader(s);
  node.backingFile = s.backingFile;
  node.backingFormat = s.ext.backingFormat ?? '';
}

/**
 * qemu-img commit's emptying of the top image. v3 images are reset to a fresh layout (header,
 * refcount table, one refcount block, zeroed L1 table right after, file cut there); v2 images
 * get every cluster discarded.
 */
export async function makeEmpty(node: BlockNode<Qcow2State>): Promise<void> {
  const s = node.state;
  const cs = s.geo.clusterSize;
  const l1Clusters = Math.ceil((s.header.l1Size * 8) / cs);
  // Stored bitmaps must survive, so an image with any is emptied cluster by cluster too.
  const bitmaps = bitmapsExt(s) !== undefined;
  if (s.header.version < 3 || 3 + l1Clusters > s.geo.refblockEntries || s.header.nbSnapshots > 0 || bitmaps) {
    await discardClusters(s, 0, s.header.size, true, false, 'snapshot');
    await flushMetadata(s);
    return;
  }
  await flushMetadata(s);
  s.l2Cache.clear();
  s.refCache.clear();
  // QEMU's order, which decides what an I/O error half-way leaves behind: the active L1 table is
  // zeroed, then the clusters after the header (new refcount table, block and L1 table), then
  // the header is pointed at them, the file cut, and the new refcount block hooked up and filled.
  await s.file.event('l1_update');
  await s.file.write(s.header.l1TableOffset, new Uint8Array(s.header.l1Size * 8));
  await s.file.event('empty_image_prepare');
  const l1Offset = 3 * cs;
  // ZERO_RANGE, as QEMU's: the file keeps those blocks allocated but unwritten (its holes and disk size).
  await s.file.writeZeroes(cs, (2 + l1Clusters) * cs, false);
  await s.file.event('l1_update');
  await s.file.event('reftable_update');
  const hdr = new Uint8Array(24);
  const view = new DataView(hdr.buffer);
  view.setUint32(0, s.header.l1Size);
  writeU64(view, 4, l1Offset);
  writeU64(view, 12, cs);
  view.setUint32(20, 1);
  await s.file.write(36, hdr);
  await s.file.truncate((3 + l1Clusters) * cs, 'off');
  const table = new Uint8Array(cs);
  writeEntry(table, 0, reftable.make(2 * cs));
  await s.file.event('refblock_alloc');
  await s.file.write(cs, table.subarray(0, 8));
  const block = new Uint8Array(cs);
  for (let i = 0; i < 3 + l1Clusters; i++) setRefcount(block, s.geo.refcountOrder, i, 1);
  await s.file.event('cluster_alloc');
  await s.file.write(2 * cs, block);
  s.l1 = new Uint8Array(s.header.l1Size * 8);
  s.reftable = table;
  Object.assign(s.header, { l1TableOffset: l1Offset, refcountTableOffset: cs, refcountTableClusters: 1 });
  s.freeClusterIndex = 0;
  s.freeByteOffset = 0;
}

/** qemu-io reopen: going read-only writes everything out and clears the dirty bit. */
export async function reopen(node: BlockNode<Qcow2State>, readOnly: boolean): Promise<void> {
  const s = node.state;
  if (readOnly && !s.readOnly && !s.dead) {
    await flushMetadata(s);
    await markClean(s);
  }
  // Unlike an open, QEMU 7.2's reopen does not look at the corrupt bit: a corrupt image becomes writable.
  s.readOnly = readOnly;
  // qcow2_update_options() runs again: an unset pass-discard-request follows the node's discard mode now.
  if (!s.passDiscardRequestSet) s.passDiscardRequest = node.flags.discardUnmap;
}
