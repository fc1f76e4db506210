// Permissions through the graph (bdrv_child_perm): derive each node's needs from its parents and take file locks.

import type { BlockNode } from './node.ts';
import { childPerms, PERM, PERM_ALL, type ChildRole, type LockTable, type Perms } from './locks.ts';

/** The role `parent` gives its child `name`: drivers may say; formats keep metadata in `file`, filters pass through. */
export function roleOf(parent: BlockNode, name: string): ChildRole {
  if (name === 'backing') return 'cow';
  return parent.driver.childRole?.(parent, name) ?? (parent.driver.isFormat ? 'metadata' : 'filtered');
}

/** What a tool's BlockBackend asks of its root (blk_new_open): read, write when read-write; shares all unless noShare. */
export function backendPerms(root: BlockNode, noShare: boolean): Perms {
  const perm = PERM.CONSISTENT_READ | (root.flags.readOnly ? 0 : PERM.WRITE);
  const shared = root.flags.forceShare || !noShare ? PERM_ALL : PERM.CONSISTENT_READ | PERM.WRITE_UNCHANGED;
  return { perm, shared };
}

/** Give `node` these permissions and propagate them down, taking file locks (BlockError on a conflict). */
export function applyPerms(node: BlockNode, perms: Perms, locks: LockTable | undefined): void {
  node.perms = perms;
  const key = locks ? node.driver.lockKey?.(node) : undefined;
  if (key !== undefined) locks!.apply(node, key, perms);
  for (const [name, child] of node.children) {
    applyPerms(child, childPerms(roleOf(node, name), perms, !node.flags.readOnly, child.flags.forceShare), locks);
  }
}

/** A child just attached to `parent` (bdrv_attach_child): its needs before the parent has users of its own. */
export function attachPerms(parent: BlockNode, name: string, child: BlockNode, locks: LockTable | undefined): void {
  const none: Perms = { perm: 0, shared: PERM_ALL };
  applyPerms(child, childPerms(roleOf(parent, name), none, !parent.flags.readOnly, child.flags.forceShare), locks);
}
