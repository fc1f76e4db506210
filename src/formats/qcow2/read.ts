// Guest reads: walk the cluster runs and fill from data clusters, compressed clusters, zeroes or the backing file.

import { backingChild, readFromBacking } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { lookupRun, type ClusterRun } from './cluster-map.ts';
import { readCompressedCluster } from './compress.ts';
import { dataHost } from './data-file.ts';
import { inPlacePhase, serialized, dataPhase, type DataPhase, type Qcow2State } from './state.ts';

/**
 * Read guest [offset, offset + buf.length): the mapping is looked up piece by piece, and each
 * piece's data is read inside `phase` (which gives the image lock up for a guest request).
 */
export async function qcow2Read(node: BlockNode<Qcow2State>, offset: number, buf: Uint8Array, phase: DataPhase = inPlacePhase): Promise<void> {
  const s = node.state;
  let pos = 0;
  while (pos < buf.length) {
    const run = await lookupRun(s, offset + pos, buf.length - pos);
    const part = buf.subarray(pos, pos + run.bytes);
    if (run.type === 'zero-plain' || run.type === 'zero-alloc') part.fill(0);
    else await phase(() => readRun(node, run, offset + pos, part), pos + run.bytes >= buf.length);
    pos += run.bytes;
  }
}

/** A request that takes the image lock for its lookups and gives it up for its data, as a guest read does (also COW reads during a write's data phase). */
export function lockedRead(node: BlockNode<Qcow2State>, offset: number, buf: Uint8Array): Promise<void> {
  const s = node.state;
  return serialized(s, () => qcow2Read(node, offset, buf, (fn) => dataPhase(s, fn, false)));
}

/** Fill `part` (guest bytes from `at`) from the run it lies in: data, compressed data or the backing file. */
async function readRun(node: BlockNode<Qcow2State>, run: ClusterRun, at: number, part: Uint8Array): Promise<void> {
  const s = node.state;
  switch (run.type) {
    case 'unallocated':
    case 'unallocated-alloc':
      if (backingChild(node)) await s.file.event('read_backing_aio');
      await readFromBacking(node, at, part);
      break;
    case 'normal':
      await s.file.event('read_aio');
      part.set(await dataHost(s).read(run.hostOffset, run.bytes));
      break;
    case 'compressed': {
      const cluster = await readCompressedCluster(s, run.entry);
      const inCluster = at % s.geo.clusterSize;
      part.set(cluster.subarray(inCluster, inCluster + run.bytes));
      break;
    }
  }
}

/** The current guest-visible content of the whole cluster at `clusterStart` (for copy-on-write, during a write's data phase: takes the lock). */
export async function readGuestCluster(node: BlockNode<Qcow2State>, clusterStart: number): Promise<Uint8Array> {
  const buf = new Uint8Array(node.state.geo.clusterSize);
  await lockedRead(node, clusterStart, buf);
  return buf;
}
