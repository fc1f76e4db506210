// Image locking as file-posix does it (permission bytes), within one tool invocation: who may read, write, resize.
//
// Decision: QEMU locks bytes 100+perm ("I use it") and 200+perm ("I do not share it") with OFD
// locks. Node.js has no fcntl, so we keep the same bookkeeping in a LockTable the tool passes
// to every open of one invocation: conflicts inside that invocation (qemu-img convert onto its
// own source, a backing chain looping back to a writable image) fail exactly as in QEMU.
// Other processes are not seen.

import type { BlockNode } from './node.ts';
import { BlockError } from './errors.ts';

/** BLK_PERM_* bits, in QEMU's order (the order conflicts are reported in). */
export const PERM = { CONSISTENT_READ: 1, WRITE: 2, WRITE_UNCHANGED: 4, RESIZE: 8 } as const;
export const PERM_ALL = 15;
const PERM_NAMES: Array<[number, string]> = [
  [PERM.CONSISTENT_READ, 'consistent read'],
  [PERM.WRITE, 'write'],
  [PERM.WRITE_UNCHANGED, 'write unchanged'],
  [PERM.RESIZE, 'resize'],
];

/** How a parent uses a child (BdrvChildRole, reduced to what decides permissions). */
export type ChildRole = 'filtered' | 'data' | 'metadata' | 'cow';

export interface Perms {
  perm: number;
  shared: number;
}

/** bdrv_child_perm() for one edge: what the child must allow given its parent's needs. */
export function childPerms(role: ChildRole, parent: Perms, parentWritable: boolean, childForceShare: boolean): Perms {
  let perm: number;
  let shared: number;
  switch (role) {
    case 'filtered':
      perm = parent.perm;
      shared = parent.shared | PERM.WRITE_UNCHANGED;
      break;
    case 'data':
      perm = parent.perm | (parentWritable ? PERM.WRITE : 0);
      shared = (parent.shared | PERM.WRITE_UNCHANGED) & ~PERM.RESIZE;
      break;
    case 'metadata':
      perm = parent.perm | PERM.CONSISTENT_READ | (parentWritable ? PERM.WRITE | PERM.RESIZE : 0);
      shared = (parent.shared | PERM.WRITE_UNCHANGED) & ~(PERM.WRITE | PERM.RESIZE);
      break;
    default:
      perm = parent.perm & PERM.CONSISTENT_READ;
      shared = (parent.shared & PERM.WRITE ? PERM.WRITE | PERM.RESIZE : 0) | PERM.CONSISTENT_READ | PERM.WRITE_UNCHANGED;
  }
  return { perm, shared: childForceShare ? PERM_ALL : shared };
}

interface Holder extends Perms {
  owner: object;
  key: string;
}

/** The locks of one tool invocation, keyed by host file identity. */
export class LockTable {
  private readonly holders = new Map<object, Holder>();

  /**
   * Check `owner`'s new permissions (a node, or a file being created) against every other
   * holder of the same file, then record them; `filename` names the image in the error.
   */
  apply(owner: BlockNode | object, key: string, perms: Perms, filename = (owner as BlockNode).filename): void {
    const others = [...this.holders.values()].filter((h) => h.key === key && h.owner !== owner);
    for (const [bit, name] of PERM_NAMES) {
      if (perms.perm & bit && others.some((h) => !(h.shared & bit))) throw conflict(`Failed to get "${name}" lock`, filename);
    }
    for (const [bit, name] of PERM_NAMES) {
      if (!(perms.shared & bit) && others.some((h) => h.perm & bit)) throw conflict(`Failed to get shared "${name}" lock`, filename);
    }
    this.holders.set(owner, { owner, key, ...perms });
  }

  /** Drop `owner`'s locks (on close). */
  release(owner: BlockNode | object): void {
    this.holders.delete(owner);
  }
}

/** raw_co_create()'s permissions while it creates a file: write and resize, sharing all but resize. */
export const CREATE_PERMS: Perms = { perm: PERM.WRITE | PERM.RESIZE, shared: PERM_ALL & ~PERM.RESIZE };

function conflict(message: string, filename: string): BlockError {
  return new BlockError('EAGAIN', `${message}\nIs another process using the image [${filename}]?`);
}
