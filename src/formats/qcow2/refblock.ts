// Reading and writing one refcount in a refcount block of any width (refcount_bits 1..64).

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
  const v = new DataView(block.buffer, block.byteOffset + index * bytes, bytes);
  if (bytes === 1) return v.getUint8(0);
  if (bytes === 2) return v.getUint16(0);
  if (bytes === 4) return v.getUint32(0);
  return v.getUint32(0) * 2 ** 32 + v.getUint32(4);
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
  const v = new DataView(block.buffer, block.byteOffset + index * bytes, bytes);
  if (bytes === 1) v.setUint8(0, value);
  else if (bytes === 2) v.setUint16(0, value);
  else if (bytes === 4) v.setUint32(0, value);
  else {
    v.setUint32(0, Math.floor(value / 2 ** 32));
    v.setUint32(4, value % 2 ** 32);
  }
}

/** The largest refcount a 2^order-bit entry holds (capped at 2^53-1 for 64-bit refcounts). */
export function maxRefcount(order: number): number {
  const bits = 1 << order;
  return bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
}
