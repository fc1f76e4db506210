// Reading the COW edges of a partial-cluster write from the guest view, in the requests QEMU 7.2 makes (perform_cow's reads).

import type { BlockNode } from '../../block/node.ts';
import { lockedRead } from './read.ts';
import type { Qcow2State } from './state.ts';

/** Up to this many guest bytes between the two edges, QEMU reads both edges (and what lies between) in one request. */
const MERGE_READS_MAX_GAP = 16384;

/** One COW read request; it runs in a write's data phase, so it takes the image lock as a guest read does. */
async function cowRead(node: BlockNode<Qcow2State>, offset: number, bytes: number): Promise<Uint8Array> {
  await node.state.file.event('cow_read');
  const buf = new Uint8Array(bytes);
  await lockedRead(node, offset, buf);
  return buf;
}

/**
 * The `head` bytes before and `tail` bytes after `bytes` of new data starting `head` bytes into
 * guest offset `start`, as the image reads now: one request (one cow_read) when both edges exist
 * and the data between them is small, else one per edge.
 */
export async function readCowEdges(
  node: BlockNode<Qcow2State>, start: number, head: number, bytes: number, tail: number,
): Promise<{ head: Uint8Array; tail: Uint8Array }> {
  if (head > 0 && tail > 0 && bytes <= MERGE_READS_MAX_GAP) {
    const all = await cowRead(node, start, head + bytes + tail);
    return { head: all.subarray(0, head), tail: all.subarray(head + bytes) };
  }
  return {
    head: head > 0 ? await cowRead(node, start, head) : new Uint8Array(0),
    tail: tail > 0 ? await cowRead(node, start + head + bytes, tail) : new Uint8Array(0),
  };
}
