// Compressed writes (qemu-io write -c, convert -c): whole clusters deflated into packed host bytes.

import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { l2 } from './entries.ts';
import { getL2, setBitmap, setL2 } from './subclusters.ts';
import { writableL2 } from './cluster-map.ts';
import { compressFor } from './compress.ts';
import { hasDataFile } from './data-file.ts';
import { l1Index, l2Index } from './geometry.ts';
import { checkDataWrite } from './overlap.ts';
import { allocBytes } from './refcount.ts';
import { dataPhase, type Qcow2State } from './state.ts';
import { qcow2WriteData } from './write.ts';

/**
 * Each cluster of the request is deflated; one that does not shrink is written as a normal
 * cluster. Only clusters that are not allocated yet can take compressed data (else EIO).
 */
export async function qcow2WriteCompressed(node: BlockNode<Qcow2State>, offset: number, data: Uint8Array): Promise<void> {
  const s = node.state;
  const cs = s.geo.clusterSize;
  if (hasDataFile(s)) throw BlockError.io('ENOTSUP');
  if (offset % cs || (data.length % cs && offset + data.length !== s.header.size)) throw BlockError.io('EINVAL');
  for (let pos = 0; pos < data.length; pos += cs) {
    const chunk = new Uint8Array(cs);
    chunk.set(data.subarray(pos, Math.min(pos + cs, data.length)));
    const packed = compressFor(s.header.compressionType, chunk, cs);
    if (!packed) {
      await qcow2WriteData(node, offset + pos, data.subarray(pos, Math.min(pos + cs, data.length)));
      continue;
    }
    const guest = offset + pos;
    const lt = await writableL2(s, l1Index(s.geo, guest));
    const idx = l2Index(s.geo, guest);
    const old = getL2(s.geo, lt.table, idx);
    if (l2.offset(old) || l2.type(old) === 'compressed') throw BlockError.io('EIO');
    const host = await allocBytes(s, packed.length);
    await checkDataWrite(s, host, packed.length);
    // As QEMU: the L2 entry points at the new bytes before they are written, so a failed data write
    // leaves an entry that fails to read back rather than a leaked cluster.
    await s.file.event('l2_update_compressed');
    setL2(s.geo, lt.table, idx, l2.makeCompressed(host, packed.length, s.geo.clusterBits));
    // Compressed clusters have no subclusters: their bitmap is reserved (zero).
    if (s.geo.extendedL2) setBitmap(lt.table, idx, { alloc: 0, zero: 0 });
    s.l2Cache.markDirty(lt.offset, lt.table);
    // The data goes out without the lock (the entry is in place already).
    await dataPhase(s, async () => {
      await s.file.event('write_compressed');
      await s.file.write(host, packed);
    }, pos + cs >= data.length);
  }
}
