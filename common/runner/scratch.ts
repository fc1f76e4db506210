// The scratch directory of a run: scratch/<config>/, or scratch/<config>-<pid>/ while another live ./check holds it.

import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A private directory left by a finished run (kept for its failures) goes this long after it was last written. */
const PRIVATE_DIR_TTL_MS = 60 * 60 * 1000;

export interface RunDir {
  path: string;
  /** Give the directory back; a private (per-pid) one is removed when nothing in it is worth keeping. */
  release(keepContents: boolean): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether another live process owns `lock` (written with our pid when it does not). */
function heldByOther(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return false;
  } catch {
    // exists: ours to take over only when its owner is gone
  }
  let owner = NaN;
  try {
    owner = Number(readFileSync(lock, 'utf8'));
  } catch {
    // vanished meanwhile
  }
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) return true;
  writeFileSync(lock, String(process.pid));
  return false;
}

/** Remove `<label>-<pid>` directories of runs that ended over an hour ago. */
function sweepPrivateDirs(root: string, label: string): void {
  for (const name of readdirSync(root)) {
    const m = /^(.*)-(\d+)$/.exec(name);
    if (!m || m[1] !== label || alive(Number(m[2]))) continue;
    const p = join(root, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > PRIVATE_DIR_TTL_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // another run swept it first
    }
  }
}

/** Take `<root>/<label>`, unless a running ./check owns it (several people or jobs share a tree). */
export function acquireRunDir(root: string, label: string): RunDir {
  const shared = join(root, label);
  mkdirSync(shared, { recursive: true });
  sweepPrivateDirs(root, label);
  const lock = join(shared, '.owner');
  if (heldByOther(lock)) {
    const own = join(root, `${label}-${process.pid}`);
    mkdirSync(own, { recursive: true });
    return {
      path: own,
      release(keep) {
        if (!keep || readdirSync(own).length === 0) rmSync(own, { recursive: true, force: true });
      },
    };
  }
  return { path: shared, release: () => rmSync(lock, { force: true }) };
}
