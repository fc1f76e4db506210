import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openImage } from '../block/open.ts';
import { makeCreateContext } from '../block/create.ts';
import { nodeBlockStatus } from '../block/block-status.ts';
import { BDRV_BLOCK } from '../block/driver.ts';
import { fileDriver } from './file.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-proto-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function create(name: string, size: number, prealloc = 'off'): Promise<void> {
  await fileDriver.create!(name, new Map([['size', String(size)], ['preallocation', prealloc]]), makeCreateContext({ cwd: dir }));
}

describe('file protocol', () => {
  it('creates sector-rounded files with the first block allocated', async () => {
    await create('a.img', 513);
    expect((await stat(join(dir, 'a.img'))).size).toBe(1024);
    await create('b.img', 1);
    expect((await stat(join(dir, 'b.img'))).size).toBe(512);
  });

  it('refuses writes past 2^53 with EFBIG instead of letting node:fs write them at offset 0', async () => {
    await writeFile(join(dir, 'big.img'), new Uint8Array(4096).fill(7));
    const b = await openImage({ cwd: dir, filename: 'big.img', format: 'file', flags: { readOnly: false } });
    const file = b.root;
    await expect(fileDriver.write(file as never, 2 ** 56, new Uint8Array(512), {})).rejects.toThrow('File too large');
    expect(await fileDriver.read(file as never, 2 ** 56, new Uint8Array(512)).then(() => 'zeroes past EOF')).toBe('zeroes past EOF');
    await b.close();
    const after = await import('node:fs/promises').then((fs) => fs.readFile(join(dir, 'big.img')));
    expect(after.length).toBe(4096);
    expect(after.every((x) => x === 7)).toBe(true);
  });

  it('writes in a thread when the caller overlaps writes, and what changes the length waits for them', async () => {
    await writeFile(join(dir, 'o.img'), new Uint8Array(0));
    const b = await openImage({ cwd: dir, filename: 'o.img', format: 'file', flags: { readOnly: false } });
    const file = b.root as never;
    const order: string[] = [];
    const written = fileDriver.write(file, 1 << 20, new Uint8Array(1 << 20).fill(9), { onAllocated: () => order.push('allocated') });
    order.push('caller goes on');
    // A truncate issued meanwhile comes after the write, whatever the thread's timing.
    const cut = fileDriver.truncate!(file, 1536 * 1024, true, 'off');
    await Promise.all([written, cut]);
    expect(order).toEqual(['allocated', 'caller goes on']);
    expect((await stat(join(dir, 'o.img'))).size).toBe(1536 * 1024);
    const back = new Uint8Array(512);
    await fileDriver.read(file, (1 << 20) + 4096, back);
    expect(back.every((x) => x === 9)).toBe(true);
    expect(await fileDriver.getLength(file)).toBe(1536 * 1024);
    await b.close();
  });

  it('reads zeroes past EOF and reports EIO past the image end', async () => {
    await writeFile(join(dir, 'c.img'), new Uint8Array(100).fill(7));
    const b = await openImage({ cwd: dir, filename: 'c.img', format: 'raw' });
    expect(await b.getLength()).toBe(512);
    const data = await b.read(0, 512);
    expect(data[99]).toBe(7);
    expect(data[100]).toBe(0);
    await expect(b.read(512, 1)).rejects.toThrow('Input/output error');
    await b.close();
  });

  it('reads large ranges in pieces side by side, zeroes from the end of a short file', async () => {
    const bytes = 1536 * 1024 + 100;
    const content = new Uint8Array(bytes).map((_, i) => (i * 7 + (i >> 20)) & 0xff);
    await writeFile(join(dir, 'e.img'), content);
    const b = await openImage({ cwd: dir, filename: 'e.img', format: 'raw' });
    const len = await b.getLength();
    expect(len).toBe(Math.ceil(bytes / 512) * 512);
    const data = await b.read(0, len);
    expect(Buffer.from(data.subarray(0, bytes)).equals(content)).toBe(true);
    expect(data.subarray(bytes).every((v) => v === 0)).toBe(true);
    const tail = await b.read(1024 * 1024 - 512, len - (1024 * 1024 - 512));
    expect(Buffer.from(tail.subarray(0, 512)).equals(content.subarray(1024 * 1024 - 512, 1024 * 1024))).toBe(true);
    await b.close();
  });

  it('reports holes and data as SEEK_DATA does, and discard punches holes', async () => {
    await create('d.img', 1 << 20);
    const b = await openImage({ cwd: dir, filename: 'd.img', format: 'raw', flags: { discardUnmap: true } });
    await b.write(65536, new Uint8Array(4096).fill(1));
    const s = await nodeBlockStatus(b.root, true, 65536, 1 << 20);
    expect(s.status & BDRV_BLOCK.DATA).toBeTruthy();
    expect(s.pnum).toBe(4096);
    const hole = await nodeBlockStatus(b.root, true, 8192, 4096);
    expect(hole.status & BDRV_BLOCK.ZERO).toBeTruthy();
    await b.discard(65536, 4096);
    expect((await b.read(65536, 4096)).every((x) => x === 0)).toBe(true);
    const after = await nodeBlockStatus(b.root, true, 65536, 4096);
    expect(after.status & BDRV_BLOCK.ZERO).toBeTruthy();
    await b.close();
  });

  it('names missing files and directories as QEMU does', async () => {
    await expect(openImage({ cwd: dir, filename: 'nope.img', format: 'raw' })).rejects.toThrow(
      "Could not open 'nope.img': No such file or directory",
    );
    await expect(openImage({ cwd: dir, filename: dir, format: 'raw', flags: { readOnly: true } })).rejects.toThrow(
      `'file' driver requires '${dir}' to be a regular file`,
    );
  });

  it('refuses preallocation while shrinking', async () => {
    await create('e.img', 4096);
    const b = await openImage({ cwd: dir, filename: 'e.img', format: 'raw' });
    await expect(b.truncate(512, true, 'falloc')).rejects.toThrow('Cannot use preallocation for shrinking files');
    await b.close();
  });
});

describe('file protocol preallocation failures', () => {
  /** A 4 KiB file opened read-write, whose fallocate calls answer `errno`. */
  async function withFallocate(errno: number) {
    await writeFile(join(dir, 'p.img'), new Uint8Array(4096).fill(7));
    const b = await openImage({ cwd: dir, filename: 'p.img', format: 'file', flags: { readOnly: false } });
    const node = b.root as never as { state: { helper: { fallocate: () => Promise<number> } } };
    node.state.helper.fallocate = async () => errno;
    return { b, node };
  }

  it('fails falloc as posix_fallocate reports it and gives the file its old length back', async () => {
    const { b, node } = await withFallocate(28);
    await expect(fileDriver.truncate!(node as never, 1 << 20, false, 'falloc')).rejects.toThrow('Could not preallocate new data: No space left on device');
    await b.close();
    expect((await stat(join(dir, 'p.img'))).size).toBe(4096);
  });

  it('writes zeroes where the file system has no fallocate, as glibc does', async () => {
    const { b, node } = await withFallocate(95);
    await fileDriver.truncate!(node as never, 1 << 20, false, 'falloc');
    await b.close();
    const st = await stat(join(dir, 'p.img'));
    expect(st.size).toBe(1 << 20);
    expect(st.blocks * 512).toBeGreaterThanOrEqual(1 << 20);
  });
});
