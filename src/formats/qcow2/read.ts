// Guest reads: walk the cluster runs and fill from data clusters, compressed clusters, zeroes or the backing file.

import { backingChild, readFromBacking } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { lookupRun } from './cluster-map.ts';
import { readCompressedCluster } from './compress.ts';
import { dataHost } from './data-file.ts';
import type { Qcow2State } from './state.ts';

export async function qcow2Read(node: BlockNode<Qcow2State>, offset: number, buf: Uint8Array): Promise<void> {
  const s = node.state;
  let pos = 0;
  while (pos < buf.length) {
    const run = await lookupRun(s, offset + pos, buf.length - pos);
    const part = buf.subarray(pos, pos + run.bytes);
    switch (run.type) {
      case 'unallocated':
      case 'unallocated-alloc':
        if (backingChild(node)) await s.file.event('read_backing_aio');
        await readFromBacking(node, offset + pos, part);
        break;
      case 'zero-plain':
      case 'zero-alloc':
        part.fill(0);
        break;
      case 'normal':
        await s.file.event('read_aio');
        part.set(await dataHost(s).read(run.hostOffset, run.bytes));
        break;
      case 'compressed': {
        const cluster = await readCompressedCluster(s, run.entry);
        const at = (offset + pos) % s.geo.clusterSize;
        part.set(cluster.subarray(at, at + run.bytes));
        break;
      }
    }
    pos += run.bytes;
  }
}

/** The current guest-visible content of the whole cluster at `clusterStart` (for copy-on-write). */
export async function readGuestCluster(node: BlockNode<Qcow2State>, clusterStart: number): Promise<Uint8Array> {
  const buf = new Uint8Array(node.state.geo.clusterSize);
  await qcow2Read(node, clusterStart, buf);
  return buf;
}
