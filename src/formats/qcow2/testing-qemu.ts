// Helpers for unit tests that compare with the real QEMU 7.2 tools: running them, patterns, guest content both ways.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qcow2Driver as drv } from './driver.ts';
import { openTestImage } from './testing.ts';

const QEMU_IMG = '/usr/bin/qemu-img';
const QEMU_IO = '/usr/bin/qemu-io';
/** Whether the real tools are installed (tests using them are skipped otherwise). */
export const haveQemu = existsSync(QEMU_IMG) && existsSync(QEMU_IO);

export const img = (...args: string[]): string => execFileSync(QEMU_IMG, args, { encoding: 'utf8' });
export const io = (file: string, ...cmds: string[]): string =>
  execFileSync(QEMU_IO, [...cmds.flatMap((c) => ['-c', c]), file], { encoding: 'utf8' });
export const pattern = (len: number, seed: number): Uint8Array => Uint8Array.from({ length: len }, (_, i) => (i * 7 + seed) & 0xff);

/** The guest content as the real qemu-img sees it (converted to raw in `dir`). */
export function realContent(dir: string, file: string): Buffer {
  const raw = join(dir, 'content.raw');
  img('convert', '-O', 'raw', file, raw);
  return readFileSync(raw);
}

/** The guest content as our driver reads it. */
export async function ourContent(file: string, backing?: { path: string; format: 'raw' | 'qcow2' }): Promise<Buffer> {
  const t = await openTestImage(file, { readOnly: true, backing });
  try {
    const buf = new Uint8Array(await drv.getLength(t.node));
    await drv.read(t.node, 0, buf);
    return Buffer.from(buf);
  } finally {
    await t.close();
  }
}
