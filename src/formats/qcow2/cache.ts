// A write-back cache of cluster-sized metadata tables (L2 tables or refcount blocks) keyed by host offset.

import type { HostFile } from './host-file.ts';

interface Entry {
  buf: Uint8Array;
  dirty: boolean;
}

/**
 * Tables are loaded on first use and written back by flush(). The owner decides flush order
 * between caches (refcount blocks before the L2 tables that point at newly counted clusters).
 * At most `capacity` tables stay in memory; clean ones are evicted first, and a full cache of
 * dirty tables is flushed (through `beforeEvictFlush`, which keeps the cross-cache order).
 */
export class TableCache {
  private readonly entries = new Map<number, Entry>();
  /** The most recently used key (last in `entries`), or -1: a repeated use skips the re-insert. */
  private mru = -1;

  constructor(
    private readonly file: HostFile,
    private readonly tableSize: number,
    private readonly capacity: number,
    /** Which table this caches: L2 tables raise l2_load on a miss and l2_update per write-back; refcount blocks refblock_update_part. */
    private readonly kind: 'l2' | 'refblock',
    private readonly beforeEvictFlush: () => Promise<void>,
  ) {}

  /** The table at `offset`, read from the file unless `fresh` (a newly allocated, zeroed table). */
  async get(offset: number, fresh = false): Promise<Uint8Array> {
    const hit = this.peek(offset);
    if (hit) return hit;
    await this.makeRoom();
    let buf: Uint8Array;
    if (fresh) {
      buf = new Uint8Array(this.tableSize);
    } else {
      if (this.kind === 'l2') await this.file.event('l2_load');
      buf = await this.file.read(offset, this.tableSize);
    }
    this.entries.set(offset, { buf, dirty: fresh });
    this.mru = offset;
    return buf;
  }

  /**
   * The table at `offset` when it is cached (a use, as get() counts it), else undefined: the hot
   * paths try this before awaiting get(), which only a miss needs (it may read and raise events).
   */
  peek(offset: number): Uint8Array | undefined {
    const hit = this.entries.get(offset);
    if (!hit) return undefined;
    // Re-insert to keep Map order as recency order.
    if (offset !== this.mru) {
      this.entries.delete(offset);
      this.entries.set(offset, hit);
      this.mru = offset;
    }
    return hit.buf;
  }

  /** Mark the table at `offset` (whose buffer the caller holds and changed) for write-back, re-adding it if it was evicted meanwhile. */
  markDirty(offset: number, buf: Uint8Array): void {
    const e = this.entries.get(offset);
    if (e && e.buf === buf) e.dirty = true;
    else {
      if (!e) this.mru = offset;
      this.entries.set(offset, { buf, dirty: true });
    }
  }

  /** Whether `offset` is a cached table (for overlap and free handling). */
  has(offset: number): boolean {
    return this.entries.has(offset);
  }

  /** Forget a table without writing it (its cluster was freed). */
  discard(offset: number): void {
    this.entries.delete(offset);
    if (offset === this.mru) this.mru = -1;
  }

  /** Write every dirty table back, in offset order. */
  async flush(): Promise<void> {
    const dirty = [...this.entries.entries()].filter(([, e]) => e.dirty).sort((a, b) => a[0] - b[0]);
    for (const [offset, e] of dirty) {
      await this.file.event(this.kind === 'l2' ? 'l2_update' : 'refblock_update_part');
      await this.file.write(offset, e.buf);
      e.dirty = false;
    }
  }

  /** Drop everything (after the file changed under us, e.g. a repair rebuilt the tables). */
  clear(): void {
    this.entries.clear();
    this.mru = -1;
  }

  private async makeRoom(): Promise<void> {
    if (this.entries.size < this.capacity) return;
    for (const [offset, e] of this.entries) {
      if (!e.dirty) {
        this.entries.delete(offset);
        if (offset === this.mru) this.mru = -1;
        return;
      }
    }
    await this.beforeEvictFlush();
    const first = this.entries.keys().next();
    if (!first.done) this.discard(first.value);
  }
}
