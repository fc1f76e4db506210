// Writing data with its copy-on-write regions (QEMU's l2meta COW): efficient zeroing where they read as zeroes, else one merged write.

import type { WriteFlags } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { BlockError } from '../../block/errors.ts';
import { readCowEdges } from './cow-read.ts';
import { dataHost } from './data-file.ts';
import { checkDataWrite } from './overlap.ts';
import type { Qcow2State } from './state.ts';

/**
 * A write with the COW regions around it (QEMU's l2meta): `bytes` of data at `host + head`, the
 * `head` bytes before and `tail` bytes after it keeping what guest `guest` (the region's start)
 * reads. `headZero`/`tailZero`: that region reads as zeroes.
 */
export interface CowWrite {
  host: number;
  guest: number;
  head: number;
  bytes: number;
  tail: number;
  headZero: boolean;
  tailZero: boolean;
}

/**
 * QEMU's zero check fails for a COW edge that reaches past the guest disk (the last partial
 * cluster, VM state): whether a region ending at guest `end` is within the disk.
 */
export function inDisk(s: Qcow2State, end: number): boolean {
  return end <= s.header.size;
}

/**
 * Write `data` with its COW regions: when both read as zeroes, the whole region is zeroed
 * efficiently and only the data written (handle_alloc_space); else the regions are read and go
 * out with the data in one write. Whether COW data had to be read (QEMU reads it while linking).
 */
export async function writeWithCow(node: BlockNode<Qcow2State>, w: CowWrite, data: Uint8Array, flags?: WriteFlags): Promise<boolean> {
  const s = node.state;
  const cow = w.head > 0 || w.tail > 0;
  if (cow && w.headZero && w.tailZero && (await zeroAllocated(s, w.host, w.head + w.bytes + w.tail))) {
    const event = s.file.event('write_aio');
    if (event) await event;
    await dataHost(s).write(w.host + w.head, data.subarray(0, w.bytes), flags);
    return false;
  }
  // Without COW the data goes out straight from the caller's buffer.
  let buf = data.subarray(0, w.bytes);
  if (cow) {
    buf = new Uint8Array(w.head + w.bytes + w.tail);
    const edges = await readCowEdges(node, w.guest, w.head, w.bytes, w.tail);
    buf.set(edges.head, 0);
    buf.set(edges.tail, buf.length - w.tail);
    buf.set(data.subarray(0, w.bytes), w.head);
    await s.file.event('cow_write');
  }
  const overlap = s.dataFile ? undefined : checkDataWrite(s, w.host, buf.length);
  if (overlap) await overlap;
  const event = s.file.event('write_aio');
  if (event) await event;
  await dataHost(s).write(w.host, buf, flags);
  return cow && !(w.headZero && w.tailZero);
}

/** handle_alloc_space(): zero the new clusters without fallback; false when the file cannot (then COW as usual). */
export async function zeroAllocated(s: Qcow2State, host: number, bytes: number): Promise<boolean> {
  if (!s.dataFile) await checkDataWrite(s, host, bytes);
  await s.file.event('cluster_alloc_space');
  try {
    await dataHost(s).writeZeroes(host, bytes, false);
    return true;
  } catch (e) {
    if (e instanceof BlockError && (e.errno === 'ENOTSUP' || e.errno === 'EAGAIN')) return false;
    throw e;
  }
}

/**
 * perform_cow() for clusters preallocated without data (qcow2_alloc_cluster_link_l2 of
 * preallocation): the head and tail regions get what the guest reads there now (zeroes when
 * there is no `node` to read through: a new image), each in a write of its own.
 */
export async function writeCowRegions(s: Qcow2State, node: BlockNode<Qcow2State> | undefined, w: CowWrite): Promise<void> {
  if (w.head === 0 && w.tail === 0) return;
  const edges = node
    ? await readCowEdges(node, w.guest, w.head, w.bytes, w.tail, true)
    : { head: new Uint8Array(w.head), tail: new Uint8Array(w.tail) };
  for (const [at, region] of [[w.host, edges.head], [w.host + w.head + w.bytes, edges.tail]] as const) {
    if (region.length === 0) continue;
    await s.file.event('cow_write');
    if (!s.dataFile) await checkDataWrite(s, at, region.length);
    await dataHost(s).write(at, region);
  }
}
