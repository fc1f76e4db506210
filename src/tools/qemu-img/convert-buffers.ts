// The read buffers of qemu-img convert's copy loop: page-aligned, made on first need, reused.

import { alignedBytes } from '../../util/aligned.ts';

/** Read buffers: one being written out, the others being read ahead into. */
export const READ_BUFFERS = 3;

/** Aligned read buffers of one size, made on first need, at most `count` of them. */
export class BufferPool {
  private readonly free: Uint8Array[] = [];
  private made = 0;
  constructor(
    private readonly bytes: number,
    private readonly count = READ_BUFFERS,
  ) {}

  /** A free buffer, or undefined when all are in use. */
  take(): Uint8Array | undefined {
    if (this.free.length > 0) return this.free.pop();
    if (this.made >= this.count) return undefined;
    this.made++;
    return alignedBytes(this.bytes);
  }

  give(buf: Uint8Array): void {
    this.free.push(buf);
  }
}
