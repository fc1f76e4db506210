// qemu-img convert's writes: a step's data or zeroes to the target, going on while the copy takes its next step (WriteFlags.onAllocated).

import type { WriteFlags } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import { isZeroRange } from '../../util/zero.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import type { CopyPlan, Status } from './convert-copy.ts';
import { nextWriteExtent } from './convert-sparse.ts';

const SECTOR = 512;

/** Writes going out at once: one in the file's thread, the next one allocating (more gain nothing on one file). */
export const MAX_WRITES_IN_FLIGHT = 2;

/** How a write ended: undefined when it succeeded. */
type Ending = undefined | { error: unknown };

interface Pending {
  /** The first sector of the step the write belongs to (its error names it). */
  sector: number;
  ended: Promise<Ending>;
}

/**
 * The copy's writes in flight. Each is submitted with an onAllocated hook, and the copy goes on
 * once the write has made its allocations (from then on a next write allocates as it would after
 * this one ended), or once it ended when its drivers cannot say so. So writes still start and
 * allocate in copy order, as QEMU's in-order convert makes them, while the copy finds, reads and
 * scans the next step during the file's write of this one.
 */
export class WritesInFlight {
  private readonly pending: Pending[] = [];

  /** `failed` turns a write's error into what the copy throws (it reports the error). */
  constructor(private readonly failed: (sector: number, error: unknown) => unknown) {}

  /**
   * Submit `write` for the step at `sector`: resolves when the copy may go on, with `ended` (a
   * promise of the write's end that never rejects); rejects with `failed`'s answer when this
   * write, or one before it that had to end first, failed.
   */
  async submit(sector: number, write: (flags: WriteFlags) => Promise<void>): Promise<{ ended: Promise<unknown> }> {
    while (this.pending.length >= MAX_WRITES_IN_FLIGHT) await this.settleOldest();
    let allocated!: () => void;
    const goOn = new Promise<Ending>((resolve) => {
      allocated = () => resolve(undefined);
    });
    const ended = write({ onAllocated: allocated }).then(
      (): Ending => undefined,
      (error: unknown): Ending => ({ error }),
    );
    const entry: Pending = { sector, ended };
    this.pending.push(entry);
    const first = await Promise.race([goOn, ended]);
    if (first !== undefined) {
      // An earlier write that failed meanwhile is the one to report (QEMU's would have stopped there).
      this.pending.splice(this.pending.indexOf(entry), 1);
      await this.drain();
      throw this.failed(sector, first.error);
    }
    return { ended };
  }

  /** Wait for every write in flight, in copy order; the first failure is thrown as in submit. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.settleOldest();
  }

  /** After a failure: wait for the writes still going out, whatever their outcome. */
  async abandon(): Promise<void> {
    const left = this.pending.splice(0);
    for (const p of left) await p.ended;
  }

  private async settleOldest(): Promise<void> {
    const oldest = this.pending[0]!;
    const ending = await oldest.ended;
    this.pending.shift();
    if (ending) throw this.failed(oldest.sector, ending.error);
  }
}

/**
 * convert_co_write(): data goes out as written, zero stretches as write-zeroes (or nothing on a
 * zeroed target); `offloaded` (convert_co_copy_range()): the data goes out whole.
 */
export async function writeSectors(
  ctx: ImgContext, plan: CopyPlan, sector: number, n: number, buf: Uint8Array | undefined, status: Status, offloaded: boolean,
  inflight: WritesInFlight | undefined,
): Promise<Promise<unknown>[]> {
  const writes: Promise<unknown>[] = [];
  let first = 0;
  try {
    while (first < n) {
      let len = n - first;
      const at = (sector + first) * SECTOR;
      if (status === 'backing') {
        // Leave unallocated so the target's backing file shows through.
      } else {
        let writeData = false;
        if (status === 'data') {
          if (plan.minSparse === 0 || offloaded) writeData = true;
          else if (plan.compressed) writeData = !isZeroRange(buf!, first * SECTOR, (first + len) * SECTOR);
          else {
            const ext = nextWriteExtent(buf!, first, len, plan.minSparse, sector + first, plan.alignment);
            len = ext.sectors;
            writeData = ext.data;
          }
        }
        const data = writeData ? buf!.subarray(first * SECTOR, (first + len) * SECTOR) : undefined;
        if (data && inflight) {
          writes.push((await inflight.submit(sector, (flags) => plan.target.write(at, data, { ...flags, compressed: plan.compressed }))).ended);
        } else if (data) {
          await plan.target.write(at, data, { compressed: plan.compressed });
        } else if (!plan.hasZeroInit) {
          await plan.target.writeZeroes(at, len * SECTOR, { mayUnmap: true });
        }
      }
      first += len;
    }
  } catch (e) {
    throw writeFailed(ctx, sector, e);
  }
  return writes;
}

/** A failed write of the step at `sector`: BlockErrors become QEMU's message and exit status 1. */
export function writeFailed(ctx: ImgContext, sector: number, e: unknown): unknown {
  if (!(e instanceof BlockError)) return e;
  ctx.error(`error while writing at byte ${sector * SECTOR}: ${e.errnoText()}`);
  return new ExitStatus(1);
}
