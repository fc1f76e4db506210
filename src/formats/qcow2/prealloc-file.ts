// preallocation=falloc|full: refcounts sized up front, one contiguous data area allocated in the file, then the L2 entries.

import { BlockError } from '../../block/errors.ts';
import type { PreallocMode } from '../../block/driver.ts';
import { l2 } from './entries.ts';
import { getL2, setL2 } from './subclusters.ts';
import { writableL2 } from './cluster-map.ts';
import { l1Index, l2Index } from './geometry.ts';
import { allocClustersAt } from './refcount.ts';
import { refcountArea } from './refcount-area.ts';
import { flushCaches, type Qcow2State } from './state.ts';
import { releaseEntry } from './write.ts';

/**
 * Give the guest range [oldSize, newSize) host clusters in one run after the current end of the
 * file (behind new refcount structures that already count the L2 tables to come), size the file
 * with `mode`, then map the run. A partly used first cluster keeps its bytes.
 */
export async function preallocateFile(s: Qcow2State, oldSize: number, newSize: number, mode: PreallocMode): Promise<void> {
  const g = s.geo;
  const cs = g.clusterSize;
  const fileEnd = Math.ceil((await s.file.length()) / cs) * cs;
  const firstGuest = oldSize - (oldSize % cs);
  const nData = (Math.ceil(newSize / cs) * cs - firstGuest) / cs;
  if (nData < 0) return;
  const nL2 = Math.ceil(nData / g.l2Entries) + 1;
  const start = await refcountArea(s, fileEnd, nData + nL2);
  if ((await allocClustersAt(s, start, nData)) !== nData) throw new BlockError('EIO', 'Failed to allocate data clusters');
  await flushCaches(s);
  try {
    await s.file.truncate(start + nData * cs, mode);
  } catch (e) {
    throw e instanceof BlockError ? e.prepend('Failed to resize underlying file: ') : e;
  }
  let host = start;
  for (let guest = firstGuest, left = nData; left > 0; ) {
    const lt = await writableL2(s, l1Index(g, guest));
    const first = l2Index(g, guest);
    const n = Math.min(left, g.l2Entries - first);
    for (let k = 0; k < n; k++) {
      const old = getL2(g, lt.table, first + k);
      if (l2.type(old) !== 'unallocated') {
        const keep = await s.file.read(l2.offset(old), oldSize % cs);
        if (l2.type(old) === 'normal') await s.file.write(host + k * cs, keep);
        await releaseEntry(s, old);
      }
      setL2(g, lt.table, first + k, l2.make(host + k * cs, true));
    }
    s.l2Cache.markDirty(lt.offset, lt.table);
    guest += n * cs;
    host += n * cs;
    left -= n;
  }
}
