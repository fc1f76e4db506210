// blkdebug's suspended requests: a request stops at a breakpoint until `resume TAG` (or `remove_break TAG`) lets it go on.

import { BlockError } from '../block/errors.ts';
import { whileSuspended } from '../block/request-context.ts';

/** Requests suspended on one blkdebug node, by tag. */
export class Breakpoints {
  private readonly suspended = new Map<string, Array<() => void>>();
  /** Where "blkdebug: ..." lines go: QEMU printf()s them on stdout; qemu-io sets this. */
  print: (text: string) => void = () => {};

  /**
   * Suspend the calling request under every tag of the breakpoints that fired for one event (QEMU
   * registers them all, newest first, then waits until each one has been resumed).
   */
  async suspend(tags: string[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const tag of tags) {
      this.print(`blkdebug: Suspended request '${tag}'\n`);
      waits.push(
        new Promise<void>((resolve) => {
          const list = this.suspended.get(tag) ?? [];
          list.push(resolve);
          this.suspended.set(tag, list);
        }),
      );
    }
    await whileSuspended(() => Promise.all(waits));
  }

  isSuspended(tag: string): boolean {
    return (this.suspended.get(tag)?.length ?? 0) > 0;
  }

  /** Resume the (first, or with `all` every) request suspended under `tag`; false when none. */
  resume(tag: string, all = false): boolean {
    const list = this.suspended.get(tag);
    if (!list || list.length === 0) return false;
    const go = all ? list.splice(0) : list.splice(0, 1);
    if (list.length === 0) this.suspended.delete(tag);
    for (const r of go) {
      this.print(`blkdebug: Resuming request '${tag}'\n`);
      r();
    }
    return true;
  }

  /** resume TAG, or ENOENT as QEMU answers for an unknown tag. */
  resumeOrFail(tag: string): void {
    if (!this.resume(tag)) throw BlockError.io('ENOENT');
  }
}
