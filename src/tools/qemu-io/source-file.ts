// write -s: fill the write buffer from a host file, repeating its contents when it is shorter than the request.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { errnoFromNode, strerror } from '../../util/errno.ts';
import { eprint, type Session } from './session.ts';

/**
 * qemu_io_alloc_from_file(): `len` bytes made of the file's contents over and over. Failures
 * print "<file>: <reason>" on stderr (perror style) and return undefined.
 */
export function bufferFromFile(s: Session, file: string, len: number): Uint8Array | undefined {
  let content: Buffer;
  try {
    content = readFileSync(resolve(s.io.cwd, file));
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
