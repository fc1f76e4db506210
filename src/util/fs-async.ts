// Promise wrappers over node:fs for the few file calls the tools make through promises.
//
// Why not node:fs/promises: loading it (and the stream and readline modules it pulls in) costs
// several milliseconds of every tool start-up. Decision: open, fstat, ftruncate and close run
// synchronously (a regular file answers at once; each trip through the thread pool cost ~0.2 ms
// of a tool's start-up, a dozen of them per convert); fdatasync, reads and writes take the
// thread pool, where the caller can go on meanwhile.

import * as fs from 'node:fs';

/** An open file descriptor with the FileHandle methods the file protocol uses. */
export class FdHandle {
  constructor(readonly fd: number) {}

  stat(): Promise<fs.Stats> {
    return settle(() => fs.fstatSync(this.fd));
  }

  truncate(length: number): Promise<void> {
    return settle(() => fs.ftruncateSync(this.fd, length));
  }

  datasync(): Promise<void> {
    return new Promise((resolve, reject) => fs.fdatasync(this.fd, (e) => (e ? reject(e) : resolve())));
  }

  close(): Promise<void> {
    return settle(() => fs.closeSync(this.fd));
  }

  read(buf: Uint8Array, offset: number, length: number, position: number | bigint): Promise<{ bytesRead: number }> {
    return new Promise((resolve, reject) =>
      fs.read(this.fd, buf, offset, length, position, (e, bytesRead) => (e ? reject(e) : resolve({ bytesRead }))),
    );
  }

  write(data: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }> {
    if (!writablePosition(position, length)) return Promise.reject(efbig());
    return new Promise((resolve, reject) =>
      fs.write(this.fd, data, offset, length, position, (e, bytesWritten) => (e ? reject(e) : resolve({ bytesWritten }))),
    );
  }
}

/**
 * A read position as node:fs takes it: reads refuse a number past 2^53 (writes do not), so such
 * offsets (where pread simply answers end of file) go as BigInts.
 */
export function readPosition(at: number): number | bigint {
  return at > Number.MAX_SAFE_INTEGER ? BigInt(at) : at;
}

/**
 * Whether node:fs writes `length` bytes at `position` where asked: past 2^53 it silently writes at
 * the descriptor's current position instead (numbers and BigInts alike), so such writes must not
 * reach it. No host file system grows that far; the kernel would say EFBIG.
 */
export function writablePosition(position: number, length: number): boolean {
  return position + length <= Number.MAX_SAFE_INTEGER;
}

/** The error a write past what a file can hold gets (errno EFBIG, as node:fs reports errors). */
export function efbig(): NodeJS.ErrnoException {
  return Object.assign(new Error('EFBIG: file too large, write'), { code: 'EFBIG', errno: -27, syscall: 'write' });
}

/** fs/promises.open(): `flags` as node:fs spells them ('r', 'r+', 'a+'). */
export function openFd(path: string, flags: string): Promise<FdHandle> {
  return settle(() => new FdHandle(fs.openSync(path, flags)));
}

/** `op`'s result as a promise (its error as a rejection), as the callback API would give it. */
function settle<T>(op: () => T): Promise<T> {
  try {
    return Promise.resolve(op());
  } catch (e) {
    return Promise.reject(e);
  }
}

export function readFileText(path: string, encoding: BufferEncoding): Promise<string> {
  return new Promise((resolve, reject) => fs.readFile(path, encoding, (e, text) => (e ? reject(e) : resolve(text))));
}

export function unlinkFile(path: string): Promise<void> {
  return new Promise((resolve, reject) => fs.unlink(path, (e) => (e ? reject(e) : resolve())));
}
