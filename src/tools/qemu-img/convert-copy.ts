// The copy loop of qemu-img convert: walk the sources' block status, read data, and write it sparsely to the target.

import type { BlockBackend } from '../../block/api.ts';
import { BDRV_BLOCK } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { nodeBlockStatusAbove } from '../../block/block-status.ts';
import { BlockError } from '../../block/errors.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import type { Progress } from './progress.ts';
import { offloadedSteps, type OffloadStep } from './convert-offload.ts';
import { BufferPool, READ_BUFFERS } from './convert-buffers.ts';
import { MAX_WRITES_IN_FLIGHT, WritesInFlight, writeFailed, writeSectors } from './convert-writes.ts';

const SECTOR = 512;
/** Largest status query (BDRV_REQUEST_MAX_SECTORS). */
const MAX_REQUEST_SECTORS = Math.floor(0x7fffffff / SECTOR);

export interface ConvertSource {
  blk: BlockBackend;
  sectors: number;
  /** Source request alignment in sectors (status extents end on it). */
  alignment: number;
}

export interface CopyPlan {
  sources: ConvertSource[];
  totalSectors: number;
  target: BlockBackend;
  minSparse: number;
  compressed: boolean;
  clusterSectors: number;
  bufSectors: number;
  /** Target write alignment in sectors. */
  alignment: number;
  targetHasBacking: boolean;
  /** Sectors of the target's backing file, or -1 when unknown / none. */
  targetBackingSectors: number;
  /** The new target reads as zeroes already: zero stretches need no write. */
  hasZeroInit: boolean;
  /**
   * -C: data goes out as it is, without looking for zeroes (QEMU offloads the copy with
   * copy_range and never sees the data), until data the copy cannot offload (compressed
   * clusters) turns it back to reading and writing (see convert-offload.ts for which steps).
   */
  copyRange: boolean;
  /** -m: QEMU's coroutines (which steps keep offloading depends on them). */
  coroutines: number;
  /** The copy may go on while a write's data goes out (see convert-writes.ts); the target's drivers allow it. */
  overlapWrites: boolean;
  /** The target is a new image, so writing it cannot change a source: the copy takes the counting pass's status answers again. */
  newTarget: boolean;
  salvage: boolean;
  quiet: boolean;
}

export type Status = 'data' | 'zero' | 'backing';

/** The walk's cursor: the status extent we are in (sector_next_status) and its kind. */
interface Cursor {
  nextStatus: number;
  status: Status;
  /** The extent's data lies at a known offset in a file (copy_range can offload it; compressed clusters cannot). */
  copyable: boolean;
}

function selectPart(plan: CopyPlan, sector: number): { src: ConvertSource; start: number } {
  let start = 0;
  for (const src of plan.sources) {
    if (sector < start + src.sectors) return { src, start };
    start += src.sectors;
  }
  throw new Error('convert: sector beyond the sources');
}

function backingBase(node: BlockNode): BlockNode | null {
  let n = node;
  while (n.driver.isFilter && n.children.get('file')) n = n.children.get('file')!;
  return n.children.get('backing') ?? null;
}

/**
 * The sources' block status answers of the counting pass by sector (the query's byte count with
 * them), taken again by the copy when it asks the same (see CopyPlan.newTarget).
 */
type StatusMemo = Map<number, { bytes: number; status: number; count: number }>;
/** The most answers a memo keeps (a few MiB): the copy asks again past them. */
const MEMO_ENTRIES = 65536;

/** The status answer for `bytes` from `sector` that `memo` holds, taken out of it. */
function remembered(memo: StatusMemo | undefined, sector: number, bytes: number): { status: number; count: number } | undefined {
  const m = memo?.get(sector);
  if (m?.bytes !== bytes) return undefined;
  memo!.delete(sector);
  return m;
}

/**
 * convert_iteration_sectors(): how many sectors from `sector` share one status, updating the
 * cursor. `memo.record`: the answers asked go into `memo.map`; else answers found there are used
 * (then without a promise).
 */
function iterationSectors(
  ctx: ImgContext, plan: CopyPlan, cur: Cursor, sector: number, memo?: { record: boolean; map: StatusMemo },
): number | Promise<number> {
  let n = Math.min(plan.totalSectors - sector, MAX_REQUEST_SECTORS);
  let postBackingZero = false;
  if (plan.targetBackingSectors >= 0) {
    if (sector >= plan.targetBackingSectors) postBackingZero = true;
    else if (sector + n > plan.targetBackingSectors) n = plan.targetBackingSectors - sector;
  }
  if (cur.nextStatus <= sector) {
    const known = memo && !memo.record ? remembered(memo.map, sector, n * SECTOR) : undefined;
    if (known) takeStatus(plan, cur, sector, postBackingZero, known.status, known.count);
    else {
      const wanted = n;
      return askStatus(ctx, plan, cur, sector, n, postBackingZero, memo).then(() => stepSectors(plan, cur, sector, wanted));
    }
  }
  return stepSectors(plan, cur, sector, n);
}

/** Ask the sources' block status for `n` sectors from `sector` and move the cursor (see iterationSectors). */
async function askStatus(
  ctx: ImgContext, plan: CopyPlan, cur: Cursor, sector: number, n: number, postBackingZero: boolean,
  memo?: { record: boolean; map: StatusMemo },
): Promise<void> {
  const { src, start } = selectPart(plan, sector);
  const offset = (sector - start) * SECTOR;
  const base = plan.targetHasBacking ? backingBase(src.blk.root) : null;
  let status: number;
  let count: number;
  try {
    const s = await nodeBlockStatusAbove(src.blk.root, base, false, true, offset, n * SECTOR);
    status = s.status;
    count = s.pnum;
    if (memo?.record && memo.map.size < MEMO_ENTRIES) memo.map.set(sector, { bytes: n * SECTOR, status, count });
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    if (!plan.salvage) {
      ctx.error(`error while reading block status at offset ${offset}: ${e.errnoText()}`);
      throw new ExitStatus(1);
    }
    if (!plan.quiet) ctx.warn(`error while reading block status at offset ${offset}: ${e.errnoText()}`);
    status = BDRV_BLOCK.DATA;
    count = SECTOR;
  }
  takeStatus(plan, cur, sector, postBackingZero, status, count);
}

/** Move the cursor to the status extent an answer (`status`, `count` bytes) at `sector` describes. */
function takeStatus(plan: CopyPlan, cur: Cursor, sector: number, postBackingZero: boolean, status: number, count: number): void {
  const { src, start } = selectPart(plan, sector);
  let n = Math.ceil(count / SECTOR);
  const tail = (sector - start + n) % src.alignment;
  if (n > tail) n -= tail;
  cur.copyable = (status & BDRV_BLOCK.DATA) !== 0 && (status & BDRV_BLOCK.OFFSET_VALID) !== 0;
  if (status & BDRV_BLOCK.ZERO) cur.status = postBackingZero ? 'backing' : 'zero';
  else if (status & BDRV_BLOCK.DATA) cur.status = 'data';
  else cur.status = plan.targetHasBacking ? 'backing' : 'data';
  cur.nextStatus = sector + n;
}

/** The step's length from `sector` (at most `n`) within the cursor's extent, the buffer, and compressed clusters. */
function stepSectors(plan: CopyPlan, cur: Cursor, sector: number, n: number): number {
  n = Math.min(n, cur.nextStatus - sector);
  if (cur.status === 'data') n = Math.min(n, plan.bufSectors);
  if (plan.compressed) {
    if (n < plan.clusterSectors) {
      n = Math.min(plan.clusterSectors, plan.totalSectors - sector);
      cur.status = 'data';
    } else {
      n -= n % plan.clusterSectors;
    }
  }
  return n;
}

const counts = (plan: CopyPlan, s: Status) => s === 'data' || (plan.minSparse === 0 && s === 'zero');

/** convert_do_copy(): count what will be written (for -p), then copy extent by extent. */
export async function convertCopy(ctx: ImgContext, plan: CopyPlan, progress: Progress): Promise<void> {
  let allocated = 0;
  const scan: Cursor = { nextStatus: 0, status: 'data', copyable: false };
  const steps: OffloadStep[] = [];
  const memo = plan.newTarget ? new Map() as StatusMemo : undefined;
  for (let sector = 0; sector < plan.totalSectors; ) {
    const n = await iterationSectors(ctx, plan, scan, sector, memo && { record: true, map: memo });
    if (counts(plan, scan.status)) allocated += n;
    if (plan.copyRange) steps.push({ data: scan.status === 'data', copyable: scan.copyable });
    sector += n;
  }
  // (The copy finds the same steps again: with -C, zero steps are never split.)
  const offloaded = plan.copyRange ? offloadedSteps(steps, plan.coroutines) : [];
  const cur: Cursor = { nextStatus: 0, status: 'data', copyable: false };
  const inflight = plan.overlapWrites ? new WritesInFlight((sector, e) => writeFailed(ctx, sector, e)) : undefined;
  // A buffer stays taken until the writes of its data ended.
  const buffers = new BufferPool(plan.bufSectors * SECTOR, READ_BUFFERS + (inflight ? MAX_WRITES_IN_FLIGHT - 1 : 0));
  const queue: Step[] = [];
  let scanned = 0;
  let found = 0;
  // Found without a promise when the counting pass's answer serves (see StatusMemo).
  const queueStep = (step: Step): void => {
    step.index = ++found;
    queue.push(step);
    scanned = step.sector + step.n;
  };
  const stepAt = (sctx: ImgContext, sector: number): Promise<void> | undefined => {
    const step = nextStep(sctx, plan, cur, sector, memo);
    if (step instanceof Promise) return step.then(queueStep);
    queueStep(step);
    return undefined;
  };
  let done = 0;
  try {
    if (plan.totalSectors > 0) await stepAt(ctx, 0);
    while (queue.length > 0) {
      const step = queue.shift()!;
      for (const say of step.held) say();
      if (step.failed !== undefined) throw step.failed;
      const { sector, n } = step;
      let status = step.status;
      if (counts(plan, status)) {
        done += n;
        progress.print(Math.fround((100.0 * done) / allocated), 0);
      }
      let buf: Uint8Array | undefined;
      let owned = step.buffer;
      if (status === 'data' && step.read) buf = await takeRead(ctx, sector, step.read);
      else if (status === 'data') {
        owned = buffers.take();
        buf = await readSectors(ctx, plan, sector, n, owned ?? new Uint8Array(0));
      } else if (plan.minSparse === 0 && status === 'zero') {
        status = 'data';
        buf = new Uint8Array(n * SECTOR);
      }
      // Read-ahead (not with --salvage, whose warnings must come in copy order): while this step
      // is written, the next steps are found and the data of the next few is read, as QEMU's
      // parallel requests do. What the look-ahead reports is held back in its step until
      // the steps before it are written, so output stays in copy order.
      if (!plan.salvage) await lookAhead(ctx, plan, queue, buffers, () => scanned, stepAt);
      const writes = await writeSectors(ctx, plan, sector, n, buf, status, offloaded[step.index - 1] ?? false, inflight);
      if (owned) giveBack(buffers, owned, writes);
      if (queue.length === 0 && scanned < plan.totalSectors) await stepAt(ctx, scanned);
    }
    await inflight?.drain();
  } finally {
    // Never leave a read running on a source, or a write on the target, about to be closed.
    for (const step of queue) if (step.read) await step.read;
    await inflight?.abandon();
  }
}

/** Return `buffer` to the pool once the writes of its data (`writes`) ended. */
function giveBack(buffers: BufferPool, buffer: Uint8Array, writes: Promise<unknown>[]): void {
  if (writes.length === 0) buffers.give(buffer);
  else void Promise.all(writes).then(() => buffers.give(buffer));
}

/** How many steps the look-ahead may hold before the one being written (a long run of holes needs no more). */
const LOOKAHEAD_STEPS = 16;
/**
 * Queue the steps after the last one known and start reading their data, until every spare read
 * buffer is in use (or a data step found no buffer, or finding a step failed).
 */
async function lookAhead(
  ctx: ImgContext, plan: CopyPlan, queue: Step[], buffers: BufferPool, scanned: () => number,
  stepAt: (sctx: ImgContext, sector: number) => Promise<void> | undefined,
): Promise<void> {
  while (scanned() < plan.totalSectors && queue.length < LOOKAHEAD_STEPS) {
    const last = queue[queue.length - 1];
    if (last && (last.failed !== undefined || (last.status === 'data' && !last.read))) return;
    if (queue.filter((q) => q.read).length >= READ_BUFFERS - 1) return;
    const held: Array<() => void> = [];
    const holding: ImgContext = { ...ctx, error: (m) => void held.push(() => ctx.error(m)), warn: (m) => void held.push(() => ctx.warn(m)) };
    try {
      const finding = stepAt(holding, scanned());
      if (finding) await finding;
    } catch (e) {
      queue.push({ sector: scanned(), n: 0, status: 'data', copyable: false, index: 0, held, failed: e });
      return;
    }
    const step = queue[queue.length - 1]!;
    step.held = held;
    if (step.status !== 'data') continue;
    const buffer = buffers.take();
    if (!buffer) return;
    step.read = readAhead(plan, step, buffer);
    if (step.read) step.buffer = buffer;
    else buffers.give(buffer);
  }
}

/** One step of the copy: `n` sectors from `sector` sharing one status, maybe with its data being read already. */
interface Step {
  sector: number;
  n: number;
  status: Status;
  /** See Cursor.copyable. */
  copyable: boolean;
  /** Its place in the copy, counted from 1 (see CopyPlan.copyRange). */
  index: number;
  /** The read-ahead of its data, into `buffer` (given back to the pool once the step is written). */
  read?: Promise<{ buf: Uint8Array } | { error: unknown }>;
  buffer?: Uint8Array;
  /** What finding this step reported, said when the copy reaches it; `failed`: finding it failed so. */
  held: Array<() => void>;
  failed?: unknown;
}

function nextStep(ctx: ImgContext, plan: CopyPlan, cur: Cursor, sector: number, memo?: StatusMemo): Step | Promise<Step> {
  const n = iterationSectors(ctx, plan, cur, sector, memo && { record: false, map: memo });
  return typeof n === 'number' ? stepOf(plan, cur, sector, n) : n.then((m) => stepOf(plan, cur, sector, m));
}

/** The step of `n` sectors from `sector` the cursor describes (zero steps of -S 0 at most a buffer). */
function stepOf(plan: CopyPlan, cur: Cursor, sector: number, n: number): Step {
  const status = cur.status;
  if (plan.minSparse === 0 && status === 'zero') n = Math.min(n, plan.bufSectors);
  return { sector, n, status, copyable: cur.copyable, index: 0, held: [] };
}

/** Start reading a step's data into `into` when readSectors() would read it from one source into a buffer that size. */
function readAhead(plan: CopyPlan, step: Step, into: Uint8Array): Step['read'] {
  const { src, start } = selectPart(plan, step.sector);
  if (step.sector + step.n > start + src.sectors || step.n * SECTOR > into.length) return undefined;
  const buf = into.subarray(0, step.n * SECTOR);
  return readClampedInto(src, (step.sector - start) * SECTOR, buf).then(
    () => ({ buf }),
    (error: unknown) => ({ error }),
  );
}

/** The data a read-ahead fetched; its failure is reported now, where readSectors() would have reported it. */
async function takeRead(ctx: ImgContext, sector: number, read: NonNullable<Step['read']>): Promise<Uint8Array> {
  const r = await read;
  if ('buf' in r) return r.buf;
  throw readFailed(ctx, sector, r.error);
}

/** A failed read: BlockErrors become QEMU's message and exit status 1. */
function readFailed(ctx: ImgContext, sector: number, e: unknown): unknown {
  if (!(e instanceof BlockError)) return e;
  ctx.error(`error while reading at byte ${sector * SECTOR}: ${e.errnoText()}`);
  return new ExitStatus(1);
}

/**
 * convert_co_read(): the sectors may span several sources; with --salvage unreadable sectors become zeroes.
 * The common case (one source) reads into `scratch` when it is big enough and returns a view of it.
 */
async function readSectors(ctx: ImgContext, plan: CopyPlan, sector: number, n: number, scratch: Uint8Array): Promise<Uint8Array> {
  const { src, start } = selectPart(plan, sector);
  if (!plan.salvage && sector + n <= start + src.sectors) {
    try {
      if (n * SECTOR <= scratch.length) {
        const buf = scratch.subarray(0, n * SECTOR);
        await readClampedInto(src, (sector - start) * SECTOR, buf);
        return buf;
      }
      return await readClamped(src, (sector - start) * SECTOR, n * SECTOR);
    } catch (e) {
      throw readFailed(ctx, sector, e);
    }
  }
  const buf = new Uint8Array(n * SECTOR);
  let pos = 0;
  while (pos < n) {
    const { src, start } = selectPart(plan, sector + pos);
    const len = Math.min(n - pos, start + src.sectors - (sector + pos));
    const offset = (sector + pos - start) * SECTOR;
    try {
      buf.set(await readClamped(src, offset, len * SECTOR), pos * SECTOR);
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      if (!plan.salvage) {
        ctx.error(`error while reading at byte ${sector * SECTOR}: ${e.errnoText()}`);
        throw new ExitStatus(1);
      }
      await salvageRead(ctx, plan, src, offset, len, buf, pos);
    }
    pos += len;
  }
  return buf;
}

/** Read into a new buffer, treating a short final sector (image length not a multiple of 512) as zero-padded. */
async function readClamped(src: ConvertSource, offset: number, bytes: number): Promise<Uint8Array> {
  const out = new Uint8Array(bytes);
  await readClampedInto(src, offset, out);
  return out;
}

/** readClamped() into the caller's buffer. */
async function readClampedInto(src: ConvertSource, offset: number, buf: Uint8Array): Promise<void> {
  const length = await src.blk.getLength();
  const avail = Math.max(0, Math.min(buf.length, length - offset));
  if (avail === buf.length) return src.blk.readInto(offset, buf);
  buf.fill(0, avail);
  if (avail > 0) await src.blk.readInto(offset, buf.subarray(0, avail));
}

async function salvageRead(
  ctx: ImgContext, plan: CopyPlan, src: ConvertSource, offset: number, sectors: number, buf: Uint8Array, pos: number,
): Promise<void> {
  for (let i = 0; i < sectors; i++) {
    const off = offset + i * SECTOR;
    try {
      buf.set(await readClamped(src, off, SECTOR), (pos + i) * SECTOR);
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      if (!plan.quiet) ctx.warn(`error while reading offset ${off}: ${e.errnoText()}`);
      buf.fill(0, (pos + i) * SECTOR, (pos + i + 1) * SECTOR);
    }
  }
}
