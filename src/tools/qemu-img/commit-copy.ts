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

/** The mirror job's buffer (DEFAULT_MIRROR_BUF_SIZE): one iteration covers at most this much, and copies in flight hold at most this much. */
const BUF_SIZE = 16 << 20;
/** Operations the mirror job keeps in flight at most (MAX_IN_FLIGHT). */
const MAX_IN_FLIGHT = 16;

/**
 * Copy every range allocated above `base` (dirty at the job's granularity) from `top`'s whole
 * chain into `base`: extents without data become write-zeroes (may unmap) or discards when they
 * cover whole base clusters, everything else is read and written. As the mirror job does, the
 * dirty spans are found first, then copied an iteration (a dirty run of at most BUF_SIZE) at a
 * time (see Flight for the order the operations take effect in); `onProgress` gets the bytes
 * copied so far and their total.
 */
export async function commitRanges(top: BlockNode, base: BlockNode, len: number, onProgress: (copied: number, total: number) => void): Promise<void> {
  const gran = granularityOf(base);
  const cluster = base.driver.getClusterSize?.(base) ?? 0;
  const spans = await dirtySpans(top, base, len, gran);
  const total = spans.reduce((n, [start, end]) => n + end - start, 0);
  let copied = 0;
  const flight = new Flight(base, (n) => onProgress((copied += n), total));
  for (const [start, end] of spans) {
    for (let at = start; at < end && !flight.failure; at += BUF_SIZE) {
      await mirrorIteration(top, at, Math.min(end, at + BUF_SIZE), gran, cluster, flight);
    }
    if (flight.failure) break;
  }
  await flight.land();
  if (flight.failure) throw flight.failure.error;
}

/** The dirty runs [start, end) allocated above `base`, widened to the granularity, in the order they are copied. */
async function dirtySpans(top: BlockNode, base: BlockNode, len: number, gran: number): Promise<Array<[number, number]>> {
  const spans: Array<[number, number]> = [];
  let done = 0;
  for (let offset = 0; offset < len; ) {
    const { depth, pnum } = await nodeIsAllocatedAbove(top, base, false, offset, Math.min(IO_BUF_SIZE, len - offset));
    if (depth > 0) {
      const start = Math.max(done, Math.floor(offset / gran) * gran);
      const end = Math.min(len, Math.ceil((offset + pnum) / gran) * gran);
      const last = spans[spans.length - 1];
      // Adjacent runs are one run of the dirty bitmap.
      if (last && last[1] === start) last[1] = Math.max(last[1], end);
      else if (start < end) spans.push([start, end]);
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

/** One operation of a mirror iteration: copy (read, then write), zero or discard [offset, offset+bytes). */
interface MirrorOp {
  offset: number;
  bytes: number;
  method: 'copy' | 'zero' | 'discard';
  /** The block status that chose it found data at `offset` (a copy of it reads from a file). */
  startsWithData: boolean;
}

/**
 * The job's operations in flight. Each starts at once (in offset order) and runs until its first
 * I/O: a zero or discard changes the base's metadata then (freeing clusters), and so does a copy
 * whose data needs no I/O to read (zeroes, unallocated clusters): it writes, allocating, at once.
 * A copy that reads from a file waits for the job to wait: when MAX_IN_FLIGHT operations or
 * BUF_SIZE bytes of copies are in flight, or at the end; then the waiting copies write in the
 * order they started. So the clusters zeroes free in later iterations are reused by data read
 * earlier, as QEMU's are. (QEMU's reads run side by side in its thread pool and may end in
 * another order, smaller and plain reads often first: there its layout varies from run to run.)
 */
class Flight {
  /** Copies whose data is read and not yet written, in the order they started. */
  private waiting: Array<{ op: MirrorOp; data: Uint8Array }> = [];
  private started = 0;
  private buffered = 0;
  /** The first failure; nothing more starts after it. */
  failure?: { error: unknown };

  constructor(private readonly base: BlockNode, private readonly progressed: (bytes: number) => void) {}

  /** Start `op`, whose data (for a copy) is `data`, read from a file when `reads`. */
  async start(op: MirrorOp, data: Uint8Array | undefined, reads: boolean): Promise<void> {
    this.started++;
    if (op.method === 'copy' && reads) {
      this.waiting.push({ op, data: data! });
      this.buffered += op.bytes;
      return;
    }
    try {
      if (op.method === 'copy') await nodeWrite(this.base, op.offset, data!);
      else if (op.method === 'zero') await nodeWriteZeroes(this.base, op.offset, op.bytes, { mayUnmap: true });
      else await nodeDiscard(this.base, op.offset, op.bytes);
      this.progressed(op.bytes);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Whether starting an operation (a copy of `copyBytes`) must first wait for those in flight. */
  full(copyBytes: number): boolean {
    return this.started >= MAX_IN_FLIGHT || this.buffered + copyBytes > BUF_SIZE;
  }

  /** The job waits: the copies that read write, in order, and every operation is over. */
  async land(): Promise<void> {
    for (const { op, data } of this.waiting.splice(0)) {
      try {
        await nodeWrite(this.base, op.offset, data);
        this.progressed(op.bytes);
      } catch (error) {
        this.fail(error);
      }
    }
    this.started = 0;
    this.buffered = 0;
  }

  /** Record a failure (the first one is kept). */
  fail(error: unknown): void {
    this.failure ??= { error };
  }
}

/** mirror_iteration() over one dirty run [start, end): choose copy, zero or discard per extent, and start each. */
async function mirrorIteration(top: BlockNode, start: number, end: number, gran: number, cluster: number, flight: Flight): Promise<void> {
  for (let pos = start; pos < end && !flight.failure; ) {
    let op: MirrorOp;
    try {
      op = await nextOp(top, pos, end, gran, cluster);
      if (flight.full(op.method === 'copy' ? op.bytes : 0)) await flight.land();
      if (op.method === 'copy') {
        const reads = op.startsWithData || (await readsData(top, op));
        await flight.start(op, await nodeRead(top, op.offset, op.bytes), reads);
      }
      else await flight.start(op, undefined, false);
    } catch (error) {
      flight.fail(error);
      return;
    }
    pos = op.offset + op.bytes;
  }
}

/** Whether reading the copy's range from `top`'s chain reads data from a file (else it is all zeroes or unallocated). */
async function readsData(top: BlockNode, op: MirrorOp): Promise<boolean> {
  for (let pos = op.offset; pos < op.offset + op.bytes; ) {
    const st = await nodeBlockStatusAbove(top, null, true, false, pos, op.offset + op.bytes - pos);
    if (st.status & BDRV_BLOCK.DATA || st.pnum === 0) return true;
    pos += st.pnum;
  }
  return false;
}

/** The operation for the extent at `pos` (at most up to `end`), from the block status of `top`'s whole chain. */
async function nextOp(top: BlockNode, pos: number, end: number, gran: number, cluster: number): Promise<MirrorOp> {
  const st = await nodeBlockStatusAbove(top, null, true, true, pos, end - pos);
  const data = (st.status & BDRV_BLOCK.DATA) !== 0;
  let n = data ? Math.min(st.pnum, MAX_IO_BYTES) : st.pnum;
  n -= n % gran;
  if (n < gran) return { offset: pos, bytes: Math.min(gran, end - pos), method: 'copy', startsWithData: data };
  const aligned = cluster <= 0 || (pos % cluster === 0 && (pos + n) % cluster === 0);
  if (!data && aligned) return { offset: pos, bytes: n, method: st.status & BDRV_BLOCK.ZERO ? 'zero' : 'discard', startsWithData: false };
  return { offset: pos, bytes: n, method: 'copy', startsWithData: data };
}
