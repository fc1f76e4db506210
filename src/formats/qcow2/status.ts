// Block status as QEMU's qcow2 reports it: DATA / ZERO / OFFSET_VALID per cluster run, RECURSE on metadata-preallocated images.

import { BDRV_BLOCK, type BlockStatus } from '../../block/driver.ts';
import { fileChild } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { lookupRun } from './cluster-map.ts';
import { refcountOf } from './refcount.ts';
import type { Qcow2State } from './state.ts';

export async function qcow2BlockStatus(node: BlockNode<Qcow2State>, offset: number, bytes: number): Promise<BlockStatus> {
  const s = node.state;
  const run = await lookupRun(s, offset, bytes);
  let status = 0;
  const out: BlockStatus = { status: 0, pnum: run.bytes };
  if (run.type === 'normal' || run.type === 'zero-alloc' || run.type === 'unallocated-alloc') {
    status |= BDRV_BLOCK.OFFSET_VALID;
    out.map = run.hostOffset;
    const file = s.dataFileNode ?? fileChild(node);
    if (file) out.file = file;
  }
  if (run.type === 'zero-plain' || run.type === 'zero-alloc') status |= BDRV_BLOCK.ZERO;
  else if (run.type !== 'unallocated' && run.type !== 'unallocated-alloc') status |= BDRV_BLOCK.DATA;
  if (status & BDRV_BLOCK.DATA && status & BDRV_BLOCK.OFFSET_VALID && (await metadataPreallocated(s))) {
    status |= BDRV_BLOCK.RECURSE;
  }
  out.status = status;
  return out;
}

/**
 * Whether the image looks metadata-preallocated: clusters in use by refcount clearly outnumber
 * what the host file really allocates. Then data clusters may be holes and status asks the file.
 * Decided once per open, like QEMU.
 */
async function metadataPreallocated(s: Qcow2State): Promise<boolean> {
  if (s.metadataPrealloc !== undefined) return s.metadataPrealloc;
  s.metadataPrealloc = false;
  const real = await s.file.allocatedSize();
  if (real === undefined) return false;
  const realClusters = Math.floor(real / s.geo.clusterSize);
  const threshold = Math.max(Math.floor((realClusters * 10) / 9), realClusters + 2);
  const clusters = Math.ceil((await s.file.length()) / s.geo.clusterSize);
  let used = 0;
  for (let ci = 0; ci < clusters && used < threshold; ci++) if ((await refcountOf(s, ci)) > 0) used++;
  s.metadataPrealloc = used >= threshold;
  return s.metadataPrealloc;
}
