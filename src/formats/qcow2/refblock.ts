// Reading and writing one refcount in a refcount block of any width (refcount_bits 1..64).

import { readBe32, writeBe32 } from './entries.ts';

/** Refcount at `index` in `block` for 2^order-bit entries (big-endian, sub-byte widths packed from the least significant bit, as QEMU packs them). */
export function getRefcount(block: Uint8Array, order: number, index: number): number {
  const bits = 1 << order;
  if (bits < 8) {
    const perByte = 8 / bits;
    const byte = block[Math.floor(index / perByte)]!;
    const shift = (index % perByte) * bits;
    return (byte >> shift) & ((1 << bits) - 1);
  }
  const bytes = bits / 8;
  const at = index * bytes;
  if (at < 0 || at + bytes > block.length) throw new RangeError('refcount entry out of range');
  if (bytes === 1) return block[at]!;
  if (bytes === 2) return (block[at]! << 8) | block[at + 1]!;
  if (bytes === 4) return readBe32(block, at);
  return readBe32(block, at) * 2 ** 32 + readBe32(block, at + 4);
}

export function setRefcount(block: Uint8Array, order: number, index: number, value: number): void {
  const bits = 1 << order;
  if (bits < 8) {
    const perByte = 8 / bits;
    const at = Math.floor(index / perByte);
    const shift = (index % perByte) * bits;
    const mask = ((1 << bits) - 1) << shift;
    block[at] = (block[at]! & ~mask) | ((value << shift) & mask);
    return;
  }
  const bytes = bits / 8;
  const at = index * bytes;
  if (at < 0 || at + bytes > block.length) throw new RangeError('refcount entry out of range');
  if (bytes === 1) block[at] = value;
  else if (bytes === 2) {
    block[at] = value >>> 8;
    block[at + 1] = value;
  } else if (bytes === 4) writeBe32(block, at, value);
  else {
    writeBe32(block, at, Math.floor(value / 2 ** 32));
    writeBe32(block, at + 4, value % 2 ** 32);
  }
}

/** The largest refcount a 2^order-bit entry holds (capped at 2^53-1 for 64-bit refcounts). */
export function maxRefcount(order: number): number {
  const bits = 1 << order;
  return bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
}
