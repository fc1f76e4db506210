// A CoMutex for drivers: serialise metadata updates across concurrent requests (qcow2's s->lock).

/**
 * A FIFO lock for async code. Drivers keep one in their node state and hold it around
 * metadata updates (cluster allocation, table writes), releasing it around plain data I/O as
 * QEMU's qcow2 does, so a request suspended below (blkdebug break) does not stall the others.
 * Not re-entrant: a holder must not take it again.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  /** Wait for the lock; the returned function releases it (call it exactly once). */
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const prev = this.tail;
    this.tail = prev.then(() => next);
    await prev;
    this.held++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.held--;
      release();
    };
  }

  /** Run `fn` holding the lock. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Whether someone holds the lock now (for assertions and tests). */
  get locked(): boolean {
    return this.held > 0;
  }
}
