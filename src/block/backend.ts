// The BlockBackend a tool holds: blk_* bounds checks over the root node, then the generic request path.

import type { BlockBackend } from './api.ts';
import type { BlockStatus, PreallocMode, WriteFlags, ZeroFlags } from './driver.ts';
import type { BlockNode } from './node.ts';
import { BlockError } from './errors.ts';
import type { LockTable } from './locks.ts';
import { nodeDiscard, nodeFlush, nodeGetLength, nodeLengthNow, nodeRead, nodeReadInto, nodeTruncate, nodeWrite, nodeWriteZeroes } from './io.ts';
import { nodeBlockStatus, nodeIsAllocated } from './block-status.ts';

/** blk_check_byte_request()'s range test: EIO when [offset, offset + bytes) is not inside `len`. */
function inRange(offset: number, bytes: number, len: number): void {
  if (offset > len || len - offset < bytes) throw BlockError.io('EIO');
}

export class Backend implements BlockBackend {
  private closed = false;
  onRequest?: () => void;

  constructor(
    readonly root: BlockNode,
    /** Every node of the graph in opening order; closed in reverse. */
    private readonly nodes: BlockNode[],
    /** The invocation's image locks, released as nodes close. */
    private readonly locks?: LockTable,
  ) {}

  get readOnly(): boolean {
    return this.root.flags.readOnly;
  }

  /** Acquiring write permission (qemu-io's per-command perm): "Block node is read-only" on a read-only image. */
  ensureWritable(): void {
    if (this.root.flags.readOnly) throw new BlockError('EPERM', 'Block node is read-only');
  }

  getLength(): Promise<number> {
    return nodeGetLength(this.root);
  }

  /** blk_check_byte_request(): negative values and ranges past the end are EIO. */
  private check(offset: number, bytes: number): Promise<void> | undefined {
    if (bytes < 0 || offset < 0) throw BlockError.io('EIO');
    const now = nodeLengthNow(this.root);
    if (now === undefined) return nodeGetLength(this.root).then((len) => inRange(offset, bytes, len));
    inRange(offset, bytes, now);
    return undefined;
  }

  async read(offset: number, bytes: number): Promise<Uint8Array> {
    const pending = this.check(offset, bytes);
    if (pending) await pending;
    this.onRequest?.();
    return nodeRead(this.root, offset, bytes);
  }

  async readInto(offset: number, buf: Uint8Array): Promise<void> {
    const pending = this.check(offset, buf.length);
    if (pending) await pending;
    this.onRequest?.();
    await nodeReadInto(this.root, offset, buf);
  }

  write(offset: number, data: Uint8Array, flags: WriteFlags = {}): Promise<void> {
    // (No async layer of its own: the request path of a write is walked thousands of times a second.)
    let pending: Promise<void> | undefined;
    try {
      pending = this.check(offset, data.length);
    } catch (e) {
      return Promise.reject(e);
    }
    const go = (): Promise<void> => {
      this.onRequest?.();
      // blk_co_pwritev(): without a write cache every write is FUA.
      return nodeWrite(this.root, offset, data, this.root.flags.writethrough ? { ...flags, fua: true } : flags);
    };
    return pending ? pending.then(go) : go();
  }

  async writeZeroes(offset: number, bytes: number, flags: ZeroFlags = {}): Promise<void> {
    const pending = this.check(offset, bytes);
    if (pending) await pending;
    this.onRequest?.();
    await nodeWriteZeroes(this.root, offset, bytes, this.root.flags.writethrough ? { ...flags, fua: true } : flags);
  }

  async discard(offset: number, bytes: number): Promise<void> {
    const pending = this.check(offset, bytes);
    if (pending) await pending;
    this.onRequest?.();
    await nodeDiscard(this.root, offset, bytes);
  }

  flush(): Promise<void> {
    return nodeFlush(this.root);
  }

  /**
   * bdrv_load_vmstate: the VM state area lies past the guest-visible end, so the request goes to
   * the format driver at its vm-state offset rather than through the length-checked path.
   */
  async loadVmState(pos: number, bytes: number): Promise<Uint8Array> {
    const base = this.vmStateBase();
    this.onRequest?.();
    const buf = new Uint8Array(bytes);
    if (bytes > 0) await this.root.driver.read(this.root, base + pos, buf);
    return buf;
  }

  /** bdrv_save_vmstate; without a write cache (writethrough) the state is stable before it returns, as guest writes are. */
  async saveVmState(pos: number, data: Uint8Array): Promise<void> {
    const base = this.vmStateBase();
    this.onRequest?.();
    if (data.length === 0) return;
    await this.root.driver.write(this.root, base + pos, data, {});
    if (this.root.flags.writethrough) await nodeFlush(this.root);
  }

  /** Where the root's VM state starts; ENOTSUP when its format keeps none (raw). */
  private vmStateBase(): number {
    const base = this.root.driver.getVmStateOffset?.(this.root);
    if (!base) throw BlockError.io('ENOTSUP');
    return base;
  }

  truncate(length: number, exact: boolean, prealloc: PreallocMode): Promise<void> {
    this.onRequest?.();
    return nodeTruncate(this.root, length, exact, prealloc);
  }

  blockStatus(offset: number, bytes: number): Promise<BlockStatus> {
    this.statusRequest(offset);
    return nodeBlockStatus(this.root, true, offset, bytes);
  }

  isAllocated(offset: number, bytes: number): Promise<{ allocated: boolean; pnum: number }> {
    this.statusRequest(offset);
    return nodeIsAllocated(this.root, offset, bytes);
  }

  /** A block status query starts a request (onRequest) unless it asks at or past the end, which QEMU answers at once. */
  private statusRequest(offset: number): void {
    if (offset < (nodeLengthNow(this.root) ?? Number.MAX_SAFE_INTEGER)) this.onRequest?.();
  }

  /** Flush what is writable, then close every node bottom-up; a second close does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let first: unknown;
    try {
      await nodeFlush(this.root);
    } catch (e) {
      // bdrv_close() ignores the result of its flush (e.g. a blkdebug rule failing flushes).
      if (!(e instanceof BlockError)) first = e;
    }
    for (const n of [...this.nodes].reverse()) {
      this.locks?.release(n);
      try {
        await n.driver.close(n);
      } catch (e) {
        // bdrv_close() cannot fail: drivers report what went wrong (qcow2's cache flush) and go on.
        if (!(e instanceof BlockError)) first ??= e;
      }
    }
    if (first) throw first;
  }
}
