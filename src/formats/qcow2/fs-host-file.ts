// A HostFile over a plain file via node:fs, for create() before the block layer opens the image and for unit tests.

import { open, type FileHandle } from 'node:fs/promises';
import type { HostFile } from './host-file.ts';

/** Open `path` read-write (or read-only) as a HostFile; call close() when done. */
export async function openFsHostFile(path: string, readOnly = false): Promise<HostFile & { close(): Promise<void> }> {
  const fh: FileHandle = await open(path, readOnly ? 'r' : 'r+');
  const write = async (offset: number, data: Uint8Array): Promise<void> => {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await fh.write(data, done, data.length - done, offset + done);
      done += bytesWritten;
    }
  };
  return {
    write,
    async read(offset, bytes) {
      const buf = new Uint8Array(bytes);
      let done = 0;
      while (done < bytes) {
        const { bytesRead } = await fh.read(buf, done, bytes - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf;
    },
    async length() {
      return (await fh.stat()).size;
    },
    async truncate(length) {
      await fh.truncate(length);
    },
    async writeZeroes(offset, bytes) {
      const size = (await fh.stat()).size;
      const end = Math.min(offset + bytes, size);
      for (let at = offset; at < end; at += 1 << 20) {
        await write(at, new Uint8Array(Math.min(1 << 20, end - at)));
      }
      if (offset + bytes > size) await fh.truncate(offset + bytes);
    },
    async discard() {},
    async flush() {
      await fh.sync();
    },
    async allocatedSize() {
      const st = await fh.stat();
      return st.blocks * 512;
    },
    event() {},
    async close() {
      await fh.close();
    },
  };
}
