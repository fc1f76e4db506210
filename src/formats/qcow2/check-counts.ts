// The per-cluster reference counts qemu-img check collects: one dense array as wide as the image's refcount entries, growing on demand.
//
// Decision: QEMU keeps this table in the image's own refcount width (2 bytes a cluster for the
// default 16 bits), so checking a sparse file of a terabyte needs a few hundred MiB; a plain
// JavaScript array of that many numbers would not fit in V8's heap at all.

import { maxRefcount } from './refblock.ts';
import { firstNonZero } from '../../util/zero.ts';

type Counts = Uint16Array | Uint32Array | Float64Array;

/** Counts scanned per byte view by nextUsed() (2 GiB of the widest entries). */
const SCAN_WINDOW = 2 ** 28;

function makeCounts(order: number, length: number): Counts {
  if (order <= 4) return new Uint16Array(length);
  if (order === 5) return new Uint32Array(length);
  return new Float64Array(length);
}

export class ClusterCounts {
  private counts: Counts;
  private used: number;
  private highest = -1;
  /** The largest count an entry can hold (the image's refcount maximum). */
  readonly max: number;

  constructor(private readonly order: number, length: number) {
    this.counts = makeCounts(order, length);
    this.used = length;
    this.max = maxRefcount(order);
  }

  /** Clusters covered: the file's clusters when counting began, or more once set() reached past them. */
  get length(): number {
    return this.used;
  }

  get(ci: number): number {
    return ci < this.used ? this.counts[ci]! : 0;
  }

  /** The highest cluster ever given a non-zero count, or -1: past it (and past the refcount table's reach) a comparison has nothing to find. */
  get highestSet(): number {
    return this.highest;
  }

  set(ci: number, value: number): void {
    if (ci >= this.used) this.grow(ci + 1);
    this.counts[ci] = value;
    if (value && ci > this.highest) this.highest = ci;
  }

  /** Count one more reference; false (count unchanged) when it is at the maximum already. */
  inc(ci: number): boolean {
    const v = this.get(ci);
    if (v >= this.max) return false;
    this.set(ci, v + 1);
    return true;
  }

  /**
   * The first cluster in [from, to) with a non-zero count, or `to` when there is none (a native
   * scan of the bytes: sparse images have millions of empty clusters between used ones).
   */
  nextUsed(from: number, to = this.used): number {
    const end = Math.min(to, this.used);
    const width = this.counts.BYTES_PER_ELEMENT;
    // In windows: a byte view spans at most 4 GiB, and a sparse file of terabytes has more counts.
    for (let lo = from; lo < end; lo += SCAN_WINDOW) {
      const hi = Math.min(end, lo + SCAN_WINDOW);
      const bytes = new Uint8Array(this.counts.buffer, this.counts.byteOffset + lo * width, (hi - lo) * width);
      const at = firstNonZero(bytes);
      if (at < bytes.length) return lo + Math.floor(at / width);
    }
    return to;
  }

  private grow(length: number): void {
    if (length > this.counts.length) {
      const bigger = makeCounts(this.order, Math.max(length, Math.ceil(this.counts.length * 1.5)));
      bigger.set(this.counts);
      this.counts = bigger;
    }
    this.used = length;
  }
}
