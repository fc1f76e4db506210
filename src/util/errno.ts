// errno names, numbers and glibc's strerror() texts: the words QEMU prints after "read failed: " and in "...: <strerror>" errors.

/** The errno values this project raises or parses (Linux numbering, as blkdebug's `errno=` takes them). */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  EOVERFLOW: 75,
  ENOTSUP: 95,
  ETIMEDOUT: 110,
  EDQUOT: 122,
  ENOMEDIUM: 123,
  ECANCELED: 125,
} as const;

export type Errno = keyof typeof ERRNO;

const MESSAGES: Record<Errno, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EINTR: 'Interrupted system call',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EFAULT: 'Bad address',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system',
  ERANGE: 'Numerical result out of range',
  ENAMETOOLONG: 'File name too long',
  ENOSYS: 'Function not implemented',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EOVERFLOW: 'Value too large for defined data type',
  ENOTSUP: 'Operation not supported',
  ETIMEDOUT: 'Connection timed out',
  EDQUOT: 'Disk quota exceeded',
  ENOMEDIUM: 'No medium found',
  ECANCELED: 'Operation canceled',
};

/** glibc's strerror() text for an errno name. */
export function strerror(code: Errno): string {
  return MESSAGES[code];
}

/** The errno name for a number (blkdebug `errno=5`), or undefined for one we do not know. */
export function errnoFromNumber(n: number): Errno | undefined {
  for (const [name, value] of Object.entries(ERRNO)) if (value === n) return name as Errno;
  return undefined;
}

/** glibc's text for an errno number, "Unknown error N" for others (as strerror does). */
export function strerrorNumber(n: number): string {
  const name = errnoFromNumber(n);
  return name ? MESSAGES[name] : `Unknown error ${n}`;
}

/** Map a Node.js system error code (err.code, e.g. 'ENOENT') to our Errno, EIO when unknown. */
export function errnoFromNode(err: unknown): Errno {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (code === 'EOPNOTSUPP') return 'ENOTSUP';
    if (code in ERRNO) return code as Errno;
  }
  return 'EIO';
}
