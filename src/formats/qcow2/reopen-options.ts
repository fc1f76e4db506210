// qcow2's reopenOptions(): the runtime options a reopen may change, refused with the texts qcow2_update_options_prepare() uses.

import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { checkCacheOptions, checkEncryptFormat } from './node-open.ts';
import type { Qcow2State } from './state.ts';
import { renewCaches, type CacheSizeOptions } from './cache-sizes.ts';

function num(v: bigint | boolean | string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

/**
 * Check what a reopen gives (already type-checked; sizes as bigint) in QEMU's order: cache sizes,
 * clean interval, lazy refcounts (version 3 only), encryption format. Only the cache sizes are
 * kept (for qcow2ReopenCommit); the checks the rest tune have no visible effect here.
 */
export async function qcow2ReopenOptions(node: BlockNode<Qcow2State>, options: Record<string, bigint | boolean | string>): Promise<void> {
  const s = node.state;
  const cache = {
    all: num(options['cache-size']),
    l2: num(options['l2-cache-size']),
    entry: num(options['l2-cache-entry-size']),
    refcount: num(options['refcount-cache-size']),
  };
  const interval = options['cache-clean-interval'];
  checkCacheOptions(cache, interval === undefined ? undefined : String(interval), s.geo.clusterSize);
  if (options['lazy-refcounts'] === true && s.header.version < 3) {
    throw new BlockError('EINVAL', 'Lazy refcounts require a qcow2 image with at least qemu 1.1 compatibility level');
  }
  const format = options['encrypt.format'];
  checkEncryptFormat(s, format === undefined ? undefined : String(format));
  // The caches are sized again when the reopen commits; options not given keep their values.
  for (const [k, v] of Object.entries(cache) as Array<[keyof CacheSizeOptions, number | undefined]>) if (v !== undefined) s.cacheOptions[k] = v;
}

/** After a reopen QEMU's qcow2 has new caches. */
export async function qcow2ReopenCommit(node: BlockNode<Qcow2State>): Promise<void> {
  await renewCaches(node.state);
}
