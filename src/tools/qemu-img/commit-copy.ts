// The data movement of qemu-img commit: QEMU runs it as an active-commit (mirror) job, so zero ranges stay zero in the base.

import { BDRV_BLOCK } from '../../block/driver.ts';
import { nodeBlockStatusAbove, nodeIsAllocatedAbove } from '../../block/block-status.ts';
import { nodeDiscard, nodeRead, nodeWrite, nodeWriteZeroes } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { IO_BUF_SIZE } from './buffers.ts';

/** The mirror job's largest single copy (MAX_IO_BYTES). */
const MAX_IO_BYTES = 1 << 20;

/** bdrv_get_default_bitmap_granularity(): the target's cluster size clamped to [4 KiB, 64 KiB], else 64 KiB. */
function granularityOf(base: BlockNode): number {
  const cs = base.driver.getClusterSize?.(base) ?? 0;
  return cs > 0 ? Math.min(65536, Math.max(4096, cs)) : 65536;
}

/**
 * Copy every range allocated above `base` (dirty at the job's granularity) from `top`'s whole
 * chain into `base`: extents without data become write-zeroes (may unmap) or discards when they
 * cover whole base clusters, everything else is read and written. As the mirror job does, the
 * dirty spans are found first; `onProgress` gets the bytes copied so far and their total.
 */
export async function commitRanges(top: BlockNode, base: BlockNode, len: number, onProgress: (copied: number, total: number) => void): Promise<void> {
  const gran = granularityOf(base);
  const cluster = base.driver.getClusterSize?.(base) ?? 0;
  const spans = await dirtySpans(top, base, len, gran);
  const total = spans.reduce((n, [start, end]) => n + end - start, 0);
  let copied = 0;
  for (const [start, end] of spans) {
    await commitDirty(top, base, start, end, gran, cluster, (n) => onProgress((copied += n), total));
  }
}

/** The [start, end) spans allocated above `base`, widened to the granularity, in the order they are copied. */
async function dirtySpans(top: BlockNode, base: BlockNode, len: number, gran: number): Promise<Array<[number, number]>> {
  const spans: Array<[number, number]> = [];
  let done = 0;
  for (let offset = 0; offset < len; ) {
    const { depth, pnum } = await nodeIsAllocatedAbove(top, base, false, offset, Math.min(IO_BUF_SIZE, len - offset));
    if (depth > 0) {
      const start = Math.max(done, Math.floor(offset / gran) * gran);
      const end = Math.min(len, Math.ceil((offset + pnum) / gran) * gran);
      if (start < end) spans.push([start, end]);
      done = Math.max(done, end);
    }
    offset += pnum;
  }
  return spans;
}

/**
 * QEMU's children default to discard=unmap (bdrv_inherited_options), the base of a commit
 * included; set before the base is reopened read-write, whose qcow2 options follow it then.
 */
export function allowUnmap(node: BlockNode): void {
  node.flags.discardUnmap = true;
  for (const [name, child] of node.children) if (name !== 'backing') allowUnmap(child);
}

/** mirror_iteration() over one dirty span [start, end): choose copy, zero or discard per extent. */
async function commitDirty(
  top: BlockNode, base: BlockNode, start: number, end: number, gran: number, cluster: number, progressed: (bytes: number) => void,
): Promise<void> {
  for (let pos = start; pos < end; ) {
    const st = await nodeBlockStatusAbove(top, null, true, true, pos, end - pos);
    const data = (st.status & BDRV_BLOCK.DATA) !== 0;
    let n = data ? Math.min(st.pnum, MAX_IO_BYTES) : st.pnum;
    n -= n % gran;
    const aligned = cluster <= 0 || (pos % cluster === 0 && (pos + n) % cluster === 0);
    if (n < gran) {
      n = Math.min(gran, end - pos);
      await nodeWrite(base, pos, await nodeRead(top, pos, n));
    } else if (!data && aligned) {
      if (st.status & BDRV_BLOCK.ZERO) await nodeWriteZeroes(base, pos, n, { mayUnmap: true });
      else await nodeDiscard(base, pos, n);
    } else {
      await nodeWrite(base, pos, await nodeRead(top, pos, n));
    }
    pos += n;
    progressed(n);
  }
}
