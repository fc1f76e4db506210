// Which -o options `reopen` may change, checked as QEMU checks them, and the generic ones applied to the node's flags.

import type { QDict, QValue } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { BlockError } from '../../block/errors.ts';
import { flatten } from '../../block/open-options.ts';
import { OptsError, parseTyped, type OptType } from '../../util/qemu-opts.ts';

/** The generic options a reopen applies (bdrv_runtime_opts that may change). */
export interface ReopenChanges {
  readOnly?: boolean;
  cacheDirect?: boolean;
  noFlush?: boolean;
  discardUnmap?: boolean;
  detectZeroes?: 'off' | 'on' | 'unmap';
  /** The format's own runtime options, type-checked (sizes as bigint), for BlockDriver.reopenOptions. */
  formatOptions: Record<string, bigint | boolean | string>;
}

const QCOW2_OVERLAP_CHECKS = [
  'main-header', 'active-l1', 'active-l2', 'refcount-table', 'refcount-block',
  'snapshot-table', 'inactive-l1', 'inactive-l2', 'bitmap-directory',
];

/** Format runtime options reopen accepts (validated, then left to the format as it is). */
const FORMAT_OPTIONS: Record<string, Record<string, OptType | 'overlap'>> = {
  qcow2: {
    'lazy-refcounts': 'bool', 'pass-discard-request': 'bool', 'pass-discard-snapshot': 'bool',
    'pass-discard-other': 'bool', 'l2-cache-size': 'size', 'l2-cache-entry-size': 'size',
    'refcount-cache-size': 'size', 'cache-size': 'size', 'cache-clean-interval': 'number',
    'overlap-check': 'overlap', 'overlap-check.template': 'overlap', 'encrypt.format': 'string',
    ...Object.fromEntries(QCOW2_OVERLAP_CHECKS.map((k) => [`overlap-check.${k}`, 'bool' as const])),
  },
  raw: { offset: 'size', size: 'size' },
};

function text(v: QValue): string {
  return typeof v === 'string' ? v : String(v);
}

/** Validate a typed value with QEMU's wording; the hint travels in the BlockError text. */
function typed(name: string, type: OptType, v: QValue): bigint | boolean | string {
  try {
    return parseTyped({ name, type }, text(v)).value;
  } catch (e) {
    if (!(e instanceof OptsError)) throw e;
    throw new BlockError('EINVAL', e.hint ? `${e.message}\n${e.hint.replace(/\n$/, '')}` : e.message);
  }
}

/** One generic option; false when the key is not a generic one. */
function generic(c: ReopenChanges, key: string, v: QValue): boolean {
  switch (key) {
    case 'read-only': c.readOnly = typed(key, 'bool', v) as boolean; return true;
    case 'auto-read-only': typed(key, 'bool', v); return true;
    case 'cache.direct': c.cacheDirect = typed(key, 'bool', v) as boolean; return true;
    case 'cache.no-flush': c.noFlush = typed(key, 'bool', v) as boolean; return true;
    case 'discard': {
      const d = text(v);
      if (d === 'off' || d === 'ignore') c.discardUnmap = false;
      else if (d === 'on' || d === 'unmap') c.discardUnmap = true;
      else throw new BlockError('EINVAL', 'Invalid discard option');
      return true;
    }
    case 'detect-zeroes': {
      const d = text(v);
      if (d !== 'off' && d !== 'on' && d !== 'unmap') throw new BlockError('EINVAL', `invalid parameter value: ${d}`);
      c.detectZeroes = d;
      return true;
    }
  }
  return false;
}

/**
 * Check every -o key against what `root` lets a reopen change. Children's
 * options ("file.x") cannot change ("Cannot change the option 'x'"); nor can driver, node-name,
 * force-share or unknown keys.
 */
export function reopenChanges(root: BlockNode, options: QDict, checkGeneric?: (c: ReopenChanges) => void): ReopenChanges {
  const c: ReopenChanges = { formatOptions: {} };
  const formatOpts = FORMAT_OPTIONS[root.driver.formatName] ?? {};
  // The generic options are taken first (`checkGeneric` may refuse them then), then the format's; what is left cannot change.
  const rest = flatten(options).filter(([key, v]) => !generic(c, key, v));
  checkGeneric?.(c);
  const qcow2 = root.driver.formatName === 'qcow2';
  if (qcow2) checkOverlapConflict(rest);
  for (const [key, v] of rest) {
    // qcow2 takes the whole encrypt.* group (its format is checked against the image).
    const t = formatOpts[key] ?? (qcow2 && key.startsWith('encrypt.') ? 'string' : undefined);
    if (t === 'overlap') {
      const mode = text(v);
      if (!['none', 'constant', 'cached', 'all'].includes(mode)) {
        throw new BlockError('EINVAL', `Unsupported value '${mode}' for qcow2 option 'overlap-check'. Allowed are any of the following: none, constant, cached, all`);
      }
      continue;
    }
    if (t !== undefined) {
      c.formatOptions[key] = typed(key, t, v);
      continue;
    }
    // An option given its current value (compared as text) is no change at all; nor is naming a child's own node.
    if (currentValue(root, key) === text(v)) continue;
    if (typeof v === 'string' && root.children.get(key as 'file' | 'backing')?.nodeName === v) continue;
    if ((key === 'file' || key === 'backing') && typeof v === 'string' && !hasNodeNamed(root, v)) {
      throw new BlockError('ENODEV', `Cannot find device='' nor node-name='${v}'`);
    }
    const dot = key.indexOf('.');
    const child = dot > 0 && root.children.has(key.slice(0, dot));
    throw new BlockError('EINVAL', `Cannot change the option '${child ? key.slice(dot + 1) : key}'`);
  }
  return c;
}

/** qcow2 takes overlap-check and overlap-check.template only when they agree. */
function checkOverlapConflict(pairs: [string, QValue][]): void {
  const mode = pairs.find(([k]) => k === 'overlap-check')?.[1];
  const template = pairs.find(([k]) => k === 'overlap-check.template')?.[1];
  if (mode === undefined || template === undefined || text(mode) === text(template)) return;
  throw new BlockError(
    'EINVAL',
    `Conflicting values for qcow2 options 'overlap-check' ('${text(mode)}') and 'overlap-check.template' ('${text(template)}')`,
  );
}

/** The value `node` was opened with for a (dotted) option key, as text; undefined when unset. */
function currentValue(node: BlockNode, key: string): string | undefined {
  if (key === 'driver') return node.driver.formatName;
  if (key === 'node-name') return node.nodeName;
  const dot = key.indexOf('.');
  const child = dot > 0 ? node.children.get(key.slice(0, dot)) : undefined;
  if (child) return currentValue(child, key.slice(dot + 1));
  const v = flatten(node.options).find(([k]) => k === key)?.[1];
  return v === undefined || v === null || typeof v === 'object' ? undefined : String(v);
}

/** Whether `node` or any node below it is named `name`. */
function hasNodeNamed(node: BlockNode, name: string): boolean {
  return node.nodeName === name || [...node.children.values()].some((c) => hasNodeNamed(c, name));
}
