// The options every node understands (bdrv_runtime_opts): node-name, read-only, cache.*, discard, detect-zeroes, force-share.

import type { BlockLimits, QDict } from './driver.ts';
import type { OpenFlags } from './node.ts';
import { BlockError } from './errors.ts';
import { OptionReader } from './options.ts';
import { isDict } from './open-options.ts';

export interface GenericOptions {
  nodeName?: string;
  flags: OpenFlags;
  /** Top-level keys taken here; the driver never sees them. */
  consumed: Set<string>;
}

/** id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
export function isWellFormedId(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(id);
}

export function defaultLimits(): BlockLimits {
  return { requestAlignment: 1, maxTransfer: 0, pwriteZeroesAlignment: 0, maxPwriteZeroes: 0, pdiscardAlignment: 0, maxPdiscard: 0 };
}

/** Read the generic options out of `options` on top of the inherited flags. */
export function parseGenericOptions(options: QDict, inherited: OpenFlags): GenericOptions {
  const r = new OptionReader(options);
  const flags: OpenFlags = { ...inherited };
  const nodeName = r.string('node-name');
  if (nodeName !== undefined && !isWellFormedId(nodeName)) {
    throw new BlockError('EINVAL', `Invalid node-name: '${nodeName}'`);
  }
  r.take('driver');
  const ro = r.bool('read-only');
  if (ro !== undefined) flags.readOnly = ro;
  r.bool('auto-read-only');
  const fs = r.bool('force-share');
  if (fs !== undefined) flags.forceShare = fs;
  parseCache(r, options, flags);
  const discard = r.string('discard');
  if (discard !== undefined) {
    if (discard === 'ignore' || discard === 'off') flags.discardUnmap = false;
    else if (discard === 'unmap' || discard === 'on') flags.discardUnmap = true;
    else throw new BlockError('EINVAL', 'Invalid discard option');
  }
  const dz = r.choice('detect-zeroes', ['off', 'on', 'unmap'] as const);
  if (dz !== undefined) flags.detectZeroes = dz;
  if (flags.detectZeroes === 'unmap' && !flags.discardUnmap) {
    throw new BlockError('EINVAL', 'setting detect-zeroes to unmap is not allowed without setting discard operation to unmap');
  }
  const consumed = new Set(Object.keys(options).filter((k) => !r.leftovers().some((l) => l === k || l.startsWith(`${k}.`))));
  return { nodeName, flags, consumed };
}

/** cache.direct and cache.no-flush; other cache.* keys stay for the "does not support" check. */
function parseCache(r: OptionReader, options: QDict, flags: OpenFlags): void {
  const cache = options['cache'];
  if (!isDict(cache ?? null)) return;
  const sub = new OptionReader(cache as QDict);
  const direct = wrap(() => sub.bool('direct'), 'cache.direct');
  if (direct !== undefined) flags.cacheDirect = direct;
  const noFlush = wrap(() => sub.bool('no-flush'), 'cache.no-flush');
  if (noFlush !== undefined) flags.noFlush = noFlush;
  if (sub.leftovers().length === 0) r.consume('cache');
  else {
    // Leave only the unknown keys for the driver's leftover check.
    const rest: QDict = {};
    for (const k of sub.leftovers()) rest[k] = (cache as QDict)[k]!;
    options['cache'] = rest;
  }
}

/** Name the dotted key in bool errors ("Parameter 'cache.direct' expects 'on' or 'off'"). */
function wrap<T>(f: () => T, dotted: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BlockError) throw new BlockError(e.errno, e.message.replace(/'[^']*'/, `'${dotted}'`));
    throw e;
  }
}
