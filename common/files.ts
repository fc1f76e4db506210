// File helpers for tests: paths inside TEST_DIR, poking and peeking bytes, truncating, sizes.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * File operations confined to the test's scratch directory. A relative name is resolved in
 * TEST_DIR; an absolute path must lie inside it (a test never writes outside its scratch dir).
 */
export class FileHelpers {
  constructor(private readonly scratch: string) {}

  /** Absolute path of `name` inside TEST_DIR. */
  path(name: string): string {
    const p = path.resolve(this.scratch, name);
    const rel = path.relative(this.scratch, p);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`path outside TEST_DIR: ${name}`);
    return p;
  }

  /** Create or replace a file with `data`. */
  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    await fsp.writeFile(this.path(name), data);
  }

  /** Overwrite bytes at `offset` (the file grows if needed), like `dd conv=notrunc`. */
  async poke(name: string, offset: number, data: Uint8Array | number[]): Promise<void> {
    const fh = await fsp.open(this.path(name), 'r+');
    try {
      await fh.write(Uint8Array.from(data), 0, data.length, offset);
    } finally {
      await fh.close();
    }
  }

  /** Write a big-endian unsigned integer of `width` bytes (1, 2, 4 or 8) at `offset`. */
  async pokeBE(name: string, offset: number, value: number | bigint, width: 1 | 2 | 4 | 8): Promise<void> {
    const bytes: number[] = [];
    let v = BigInt(value);
    for (let i = 0; i < width; i++) {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    }
    await this.poke(name, offset, bytes);
  }

  /** Read `length` bytes at `offset`; shorter at end of file. */
  async peek(name: string, offset: number, length: number): Promise<Uint8Array> {
    const fh = await fsp.open(this.path(name), 'r');
    try {
      const buf = new Uint8Array(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /** Whole file contents. */
  async readFile(name: string): Promise<Uint8Array> {
    return new Uint8Array(await fsp.readFile(this.path(name)));
  }

  /** Set the file's length (sparse growth or shrink), creating it when missing. */
  async truncate(name: string, size: number): Promise<void> {
    const fh = await fsp.open(this.path(name), 'a');
    try {
      await fh.truncate(size);
    } finally {
      await fh.close();
    }
  }

  /** The file's length in bytes. */
  async fileSize(name: string): Promise<number> {
    return (await fsp.stat(this.path(name))).size;
  }

  /** Whether the file exists. */
  async exists(name: string): Promise<boolean> {
    return fsp.stat(this.path(name)).then(
      () => true,
      () => false,
    );
  }

  /** Create a directory (and its parents) inside TEST_DIR. */
  async mkdir(name: string): Promise<void> {
    await fsp.mkdir(this.path(name), { recursive: true });
  }

  /** Remove a file if it exists. */
  async remove(name: string): Promise<void> {
    await fsp.rm(this.path(name), { force: true });
  }

  /** Whether a sparse file of `size` bytes can be made here (probe file removed afterwards). */
  protected async canTruncate(name: string, size: number): Promise<boolean> {
    try {
      await this.truncate(name, size);
      return true;
    } catch {
      return false;
    } finally {
      await this.remove(name);
    }
  }
}
