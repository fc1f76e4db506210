// write -s: fill the write buffer from a host file, repeating its contents when it is shorter than the request.

import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { errnoFromNode, strerror } from '../../util/errno.ts';
import { eprint, type Session } from './session.ts';

/** fread(buf, 1, len, f): up to `len` bytes from the start of the file (never more, so /dev/zero works). */
function readPrefix(path: string, len: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, Math.min(len - got, 1 << 30), null);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * qemu_io_alloc_from_file(): `len` bytes made of the file's first `len` bytes over and over.
 * Failures print "<file>: <reason>" on stderr (perror style) and return undefined; reading
 * nothing (an empty file, or a zero length) is "file is empty".
 */
export function bufferFromFile(s: Session, file: string, len: number): Uint8Array | undefined {
  let content: Uint8Array;
  try {
    content = readPrefix(resolve(s.io.cwd, file), len);
  } catch (e) {
    eprint(s, `${file}: ${strerror(errnoFromNode(e))}\n`);
    return undefined;
  }
  if (content.length === 0) {
    eprint(s, `${file}: file is empty\n`);
    return undefined;
  }
  const buf = new Uint8Array(len);
  for (let i = 0; i < len; i += content.length) buf.set(content.subarray(0, Math.min(content.length, len - i)), i);
  return buf;
}
