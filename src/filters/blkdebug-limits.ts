// blkdebug's align / max-transfer / opt-write-zero / max-write-zero / opt-discard / max-discard options and their constraints.

import type { BlockNode } from '../block/node.ts';
import { BlockError } from '../block/errors.ts';
import type { OptionReader } from '../block/options.ts';

const INT_MAX = 2 ** 31 - 1;

function isAligned(v: number, align: number): boolean {
  return v % align === 0;
}

function unmet(name: string, v: number): BlockError {
  return new BlockError('EINVAL', `Cannot meet constraints with ${name} ${v}`);
}

/**
 * Read the limit options, check them as QEMU does (align a power of two; each maximum a
 * multiple of its alignment; all below INT_MAX) and store them in the node's limits. Zero means
 * "not set": the child's limits stand.
 */
export function applyLimits(node: BlockNode, o: OptionReader): void {
  const align = o.size('align') ?? 0;
  if (align && (align >= INT_MAX || (align & (align - 1)) !== 0)) throw unmet('align', align);
  const a = Math.max(align, 1);
  const maxTransfer = o.size('max-transfer') ?? 0;
  if (maxTransfer && (maxTransfer >= INT_MAX || !isAligned(maxTransfer, a))) throw unmet('max-transfer', maxTransfer);
  const optWriteZero = o.size('opt-write-zero') ?? 0;
  if (optWriteZero && (optWriteZero >= INT_MAX || !isAligned(optWriteZero, a))) throw unmet('opt-write-zero', optWriteZero);
  const maxWriteZero = o.size('max-write-zero') ?? 0;
  if (maxWriteZero && (maxWriteZero >= INT_MAX || !isAligned(maxWriteZero, Math.max(optWriteZero, a)))) {
    throw unmet('max-write-zero', maxWriteZero);
  }
  const optDiscard = o.size('opt-discard') ?? 0;
  if (optDiscard && (optDiscard >= INT_MAX || !isAligned(optDiscard, a))) throw unmet('opt-discard', optDiscard);
  const maxDiscard = o.size('max-discard') ?? 0;
  if (maxDiscard && (maxDiscard >= INT_MAX || !isAligned(maxDiscard, Math.max(optDiscard, a)))) {
    throw unmet('max-discard', maxDiscard);
  }
  const l = node.limits;
  if (align) l.requestAlignment = align;
  if (maxTransfer) l.maxTransfer = maxTransfer;
  if (optWriteZero) l.pwriteZeroesAlignment = optWriteZero;
  if (maxWriteZero) l.maxPwriteZeroes = maxWriteZero;
  if (optDiscard) l.pdiscardAlignment = optDiscard;
  if (maxDiscard) l.maxPdiscard = maxDiscard;
}
