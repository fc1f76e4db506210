// stdout as glibc buffers it: held back in 4 KiB blocks when it is not a terminal (so text on stderr overtakes it as with the real binaries), line by line on a terminal.

import type { OutputSink } from './io.ts';

/** glibc's stdio buffer for a non-terminal stdout (st_blksize of a pipe). */
const BUFFER_SIZE = 4096;

/**
 * A buffered stdout: write() collects; full blocks go out at once (or, line-buffered, everything
 * up to the last newline); flush() sends the rest.
 */
export class BufferedOut {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly sink: OutputSink, private readonly lineBuffered = false) {}

  write(text: string): void {
    this.pending = Buffer.concat([this.pending, Buffer.from(text)]);
    if (this.lineBuffered) {
      const nl = this.pending.lastIndexOf(0x0a);
      if (nl < 0) return;
      this.sink.write(new Uint8Array(this.pending.subarray(0, nl + 1)));
      this.pending = Buffer.from(this.pending.subarray(nl + 1));
      return;
    }
    if (this.pending.length < BUFFER_SIZE) return;
    const full = this.pending.length - (this.pending.length % BUFFER_SIZE);
    this.sink.write(new Uint8Array(this.pending.subarray(0, full)));
    this.pending = Buffer.from(this.pending.subarray(full));
  }

  /** Send whatever is buffered (fflush(stdout)). */
  flush(): void {
    if (this.pending.length === 0) return;
    this.sink.write(new Uint8Array(this.pending));
    this.pending = Buffer.alloc(0);
  }

  /** Drop what is buffered (the process dies without flushing stdio). */
  discard(): void {
    this.pending = Buffer.alloc(0);
  }
}
