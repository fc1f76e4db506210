// A write-back cache of cluster-sized metadata tables (L2 tables or refcount blocks) keyed by host offset.

import type { HostFile } from './host-file.ts';

interface Entry {
  buf: Uint8Array;
  dirty: boolean;
}

/**
 * Tables are loaded on first use and written back by flush(). At most `capacity` tables stay in
 * memory; a miss in a full cache evicts the least recently used table, writing it back first when
 * it is dirty (QEMU's qcow2 cache). A cache may depend on another (QEMU's cache dependencies):
 * before it writes any table, the cache it depends on is flushed whole and the dependency drops.
 */
export class TableCache {
  private readonly entries = new Map<number, Entry>();
  /** The most recently used key (last in `entries`), or -1: a repeated use skips the re-insert. */
  private mru = -1;
  /** The cache flushed before this one writes a table, if any. */
  private depends: TableCache | undefined;
  /** Tables read or written so far: where QEMU's request would have waited for I/O (see qcow2WriteData). */
  ioCount = 0;

  constructor(
    private readonly file: HostFile,
    private readonly tableSize: number,
    private capacity: number,
    /** Which table this caches: L2 tables raise l2_load on a miss and l2_update per write-back; refcount blocks refblock_update_part. */
    private readonly kind: 'l2' | 'refblock',
    /** Runs before each write-back and may refuse it (the metadata overlap check). */
    private readonly beforeWrite?: (offset: number, bytes: number) => Promise<void>,
  ) {}

  /**
   * From now on, flush `dep` before writing any table of this cache. A dependency the other way
   * round, or another one of this cache, is settled (flushed) first.
   */
  setDependency(dep: TableCache): Promise<void> | undefined {
    // Already so (every allocating write after the first): nothing to flush, no promise.
    if (!dep.depends && (!this.depends || this.depends === dep)) {
      this.depends = dep;
      return undefined;
    }
    return this.setDependencyFlushing(dep);
  }

  private async setDependencyFlushing(dep: TableCache): Promise<void> {
    if (dep.depends) await dep.flushDependency();
    if (this.depends && this.depends !== dep) await this.flushDependency();
    this.depends = dep;
  }

  private async flushDependency(): Promise<void> {
    const dep = this.depends;
    if (!dep) return;
    await dep.flush();
    this.depends = undefined;
  }

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
      this.ioCount++;
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

  /** Whether the table at `offset` is cached as exactly `buf` (a holder's buffer is still current; no recency change). */
  holds(offset: number, buf: Uint8Array): boolean {
    return this.entries.get(offset)?.buf === buf;
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

  /** Write every dirty table back, in offset order (the cache this one depends on first, when there is anything to write). */
  async flush(): Promise<void> {
    const dirty = [...this.entries.entries()].filter(([, e]) => e.dirty).sort((a, b) => a[0] - b[0]);
    if (dirty.length > 0) await this.flushDependency();
    for (const [offset, e] of dirty) await this.writeBack(offset, e);
  }

  private async writeBack(offset: number, e: Entry): Promise<void> {
    if (this.beforeWrite) await this.beforeWrite(offset, this.tableSize);
    await this.file.event(this.kind === 'l2' ? 'l2_update' : 'refblock_update_part');
    this.ioCount++;
    await this.file.write(offset, e.buf);
    e.dirty = false;
  }

  /** Drop everything (after the file changed under us, e.g. a repair rebuilt the tables); `capacity` resizes the cache. */
  clear(capacity = this.capacity): void {
    this.entries.clear();
    this.mru = -1;
    this.depends = undefined;
    this.capacity = capacity;
  }

  /** A miss in a full cache: the least recently used table goes, written back first when dirty. */
  private async makeRoom(): Promise<void> {
    for (let tries = this.entries.size; this.entries.size >= this.capacity && tries > 0; tries--) {
      const [offset, e] = this.entries.entries().next().value as [number, Entry];
      if (e.dirty) {
        await this.flushDependency();
        await this.writeBack(offset, e);
      }
      // Another request may have used it meanwhile; then it is no longer the one to go.
      if (this.entries.keys().next().value === offset && !e.dirty) this.discard(offset);
    }
  }
}
