// Resolving a user's file name against the tool's cwd the way open(2) would see it.

import { resolve } from 'node:path';

/**
 * `p` made absolute against `cwd`. Unlike path.resolve, a trailing slash survives: open(2) on
 * "file/" fails with ENOTDIR, and QEMU passes the name through unchanged.
 */
export function hostPath(cwd: string, p: string): string {
  const abs = resolve(cwd, p);
  return p.endsWith('/') && !abs.endsWith('/') ? `${abs}/` : abs;
}
