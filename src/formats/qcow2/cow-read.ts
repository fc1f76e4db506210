// Reading the COW edges of a partial-cluster write from the guest view, in the requests QEMU 7.2 makes (perform_cow's reads).

import type { BlockNode } from '../../block/node.ts';
import { lockedRead, qcow2Read } from './read.ts';
import type { Qcow2State } from './state.ts';

/** Up to this many guest bytes between the two edges, QEMU reads both edges (and what lies between) in one request. */
const MERGE_READS_MAX_GAP = 16384;

/**
 * One COW read request; in a write's data phase it takes the image lock as a guest read does,
 * else (`locked`: preallocation, which holds the lock throughout) it reads under the lock held.
 */
async function cowRead(node: BlockNode<Qcow2State>, offset: number, bytes: number, locked: boolean): Promise<Uint8Array> {
  await node.state.file.event('cow_read');
  const buf = new Uint8Array(bytes);
  if (locked) await qcow2Read(node, offset, buf);
  else await lockedRead(node, offset, buf);
  return buf;
}

/**
 * The `head` bytes before and `tail` bytes after `bytes` of new data starting `head` bytes into
 * guest offset `start`, as the image reads now: one request (one cow_read) when both edges exist
 * and the data between them is small, else one per edge. `locked`: the caller holds the image lock.
 */
export async function readCowEdges(
  node: BlockNode<Qcow2State>, start: number, head: number, bytes: number, tail: number, locked = false,
): Promise<{ head: Uint8Array; tail: Uint8Array }> {
  if (head > 0 && tail > 0 && bytes <= MERGE_READS_MAX_GAP) {
    const all = await cowRead(node, start, head + bytes + tail, locked);
    return { head: all.subarray(0, head), tail: all.subarray(head + bytes) };
  }
  return {
    head: head > 0 ? await cowRead(node, start, head, locked) : new Uint8Array(0),
    tail: tail > 0 ? await cowRead(node, start + head + bytes, tail, locked) : new Uint8Array(0),
  };
}
