// Backing-chain helpers for commit and rebase: find an image in a chain by name, and a layer's next node.

import * as path from 'node:path';
import type { BlockNode } from '../../block/node.ts';
import { fullBackingFilename } from './info-collect.ts';

/** The node below `node` in its backing chain, skipping filters (bdrv_backing_chain_next). */
export function backingNext(node: BlockNode): BlockNode | undefined {
  let n = node;
  while (n.driver.isFilter && n.children.get('file')) n = n.children.get('file')!;
  return n.children.get('backing');
}

/**
 * bdrv_find_backing_image(): the backing node of some layer whose recorded backing name equals
 * `name`, or whose resolved path equals `name` resolved against `cwd`.
 */
export function findBackingImage(top: BlockNode, name: string, cwd: string): BlockNode | undefined {
  const wanted = path.resolve(cwd, name);
  for (let n: BlockNode | undefined = top; n; n = backingNext(n)) {
    const next = backingNext(n);
    if (!next) return undefined;
    if (n.backingFile === name) return next;
    const full = n.backingFile ? fullBackingFilename(n.filename, n.backingFile) : next.filename;
    if (path.resolve(cwd, full) === wanted || path.resolve(cwd, next.filename) === wanted) return next;
  }
  return undefined;
}
