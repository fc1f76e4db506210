// bdrv_reopen for qemu-io's reopen command: switch a graph between read-only and read-write (backing files stay read-only).

import type { BlockNode } from './node.ts';
import { nodeFlush } from './io.ts';

/** Nodes whose mode follows the root: the root and its non-backing children, children first. */
function reopenSet(node: BlockNode, out: BlockNode[] = []): BlockNode[] {
  for (const [name, child] of node.children) if (name !== 'backing' && !out.includes(child)) reopenSet(child, out);
  if (!out.includes(node)) out.push(node);
  return out;
}

/**
 * Reopen `root` read-only or read-write (children first; parents first when going read-only), after a flush. Drivers without a
 * reopen member just take the new flag; on failure the nodes already switched are switched back.
 * `newFd`: the open flags change in a way fcntl() cannot (O_DIRECT), so protocol nodes reopen
 * their file by name even when read-only does not change.
 */
export async function reopenGraph(root: BlockNode, readOnly: boolean, newFd = false): Promise<void> {
  // Parents go read-only before their children, so what they write on the way (qcow2's bitmaps) still lands.
  const nodes = readOnly ? reopenSet(root).reverse() : reopenSet(root);
  // bdrv_reopen_prepare() flushes every node it reopens, whatever changes.
  await nodeFlush(root);
  const done: BlockNode[] = [];
  try {
    for (const n of nodes) {
      if (n.flags.readOnly === readOnly && !(newFd && n.driver.protocolName !== undefined)) continue;
      const switching = n.flags.readOnly !== readOnly;
      await n.driver.reopen?.(n, readOnly);
      n.flags.readOnly = readOnly;
      if (switching) done.push(n);
    }
    for (const n of nodes) await n.driver.reopenCommit?.(n);
  } catch (e) {
    for (const n of done.reverse()) {
      await n.driver.reopen?.(n, !readOnly).catch(() => undefined);
      n.flags.readOnly = !readOnly;
    }
    throw e;
  }
}
