// A CoMutex for drivers: serialise metadata updates across concurrent requests (qcow2's s->lock).

import { currentRequest, noteBlockedBy, noteStarted, whileWaiting, type RequestContext } from './request-context.ts';

/**
 * A FIFO lock for async code, as QEMU's CoMutex: unlock hands the lock straight to the oldest
 * waiter. Drivers hold it around metadata updates (cluster allocation, table writes) and give
 * it up around plain data I/O, so a request suspended there (blkdebug break) does not stall the
 * others. Not re-entrant: a holder must not take it again. A request that has to wait is noted
 * as blocked by the one ahead of it (see request-context).
 */
export class AsyncMutex {
  private held = false;
  private holder: RequestContext | undefined;
  private readonly waiters: Array<{ ctx: RequestContext | undefined; wake: () => void }> = [];

  /** Wait for the lock (held on return); release it with unlock(). */
  async lock(): Promise<void> {
    const ctx = currentRequest();
    if (!this.held) {
      this.held = true;
      this.holder = ctx;
      noteStarted();
      return;
    }
    noteBlockedBy(this.waiters.length ? this.waiters[this.waiters.length - 1]!.ctx : this.holder, false, this.holder);
    await whileWaiting(() => new Promise<void>((wake) => this.waiters.push({ ctx, wake })));
    noteStarted();
  }

  /** Give the lock to the oldest waiter, or free it. */
  unlock(): void {
    const next = this.waiters.shift();
    if (next) {
      this.holder = next.ctx;
      next.wake();
    } else {
      this.held = false;
      this.holder = undefined;
    }
  }

  /** Run `fn` holding the lock (a free lock is taken at once, without a turn of the event loop). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held) return this.lock().then(() => this.holding(fn));
    this.held = true;
    this.holder = currentRequest();
    noteStarted();
    return this.holding(fn);
  }

  private async holding<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  /** Whether someone holds the lock now (for assertions and tests). */
  get locked(): boolean {
    return this.held;
  }
}
