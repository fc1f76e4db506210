// The one error type of the block layer: an errno code plus QEMU's exact message; only a tool's main prints it.

import { ERRNO, strerror, strerrorNumber, type Errno } from '../util/errno.ts';

/**
 * A failure with QEMU's wording. `message` is the whole text QEMU would print after
 * "qemu-img: " / "qemu-io: " (what error_get_pretty() returns); `errno` is what a
 * request path returns as -errno (qemu-io prints `strerror(errno)` for request failures).
 */
export class BlockError extends Error {
  constructor(
    readonly errno: Errno,
    message: string,
    /** The errno number when it has no name here (blkdebug errno=999); `errno` is then EIO. */
    readonly errnoNumber?: number,
  ) {
    super(message);
    this.name = 'BlockError';
  }

  /** A request failure with any errno number: unnamed ones print glibc's "Unknown error N". */
  static ioNumber(n: number, name: Errno | undefined): BlockError {
    return name ? BlockError.io(name) : new BlockError('EIO', strerrorNumber(n), n);
  }

  /** The errno number a request path returns negated (-errno). */
  errnoValue(): number {
    return this.errnoNumber ?? ERRNO[this.errno];
  }

  /** strerror() of that number, as qemu-io prints after "read failed: ". */
  errnoText(): string {
    return this.errnoNumber !== undefined ? strerrorNumber(this.errnoNumber) : strerror(this.errno);
  }

  /** A request failure whose text is just strerror (e.g. "Input/output error"). */
  static io(errno: Errno): BlockError {
    return new BlockError(errno, strerror(errno));
  }

  /** error_setg_errno(): "<message>: <strerror>". */
  static withErrno(errno: Errno, message: string): BlockError {
    return new BlockError(errno, `${message}: ${strerror(errno)}`);
  }

  /** Prefix the message, as error_prepend() does ("Could not open 'x': " + inner). */
  prepend(prefix: string): BlockError {
    return new BlockError(this.errno, prefix + this.message, this.errnoNumber);
  }
}

/**
 * blkverify's mismatch (and any other "this process must end now" failure QEMU reports with
 * exit(1) from deep inside the block layer). Tool mains print `message` on stderr as is
 * (no "qemu-io: " prefix) and return `exitCode`.
 */
export class FatalBlockError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'FatalBlockError';
  }
}

export function isBlockError(e: unknown): e is BlockError {
  return e instanceof BlockError;
}
