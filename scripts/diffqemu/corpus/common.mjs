// Shared corpus vocabulary: standard setups, bad numbers, and a quoting helper for -c arguments.

/** A 1 MiB raw image with a pattern in its first 64 KiB and a hole after. */
export const RAW_SETUP = 'qemu-img create -f raw t.img 1M >/dev/null && qemu-io -f raw -c "write -P 0x5a 0 64k" t.img >/dev/null';

/** A 1 MiB qcow2 image with some data, a zeroed cluster and unallocated space. */
export const QCOW2_SETUP =
  'qemu-img create -f qcow2 t.img 1M >/dev/null && qemu-io -f qcow2 -c "write -P 0x5a 0 64k" -c "write -z 128k 64k" t.img >/dev/null';

/** A qcow2 overlay (t.img) on a raw base (b.img) with data in both. */
export const CHAIN_SETUP =
  'qemu-img create -f raw b.img 1M >/dev/null && qemu-io -f raw -c "write -P 0x11 0 256k" b.img >/dev/null && ' +
  'qemu-img create -f qcow2 -b b.img -F raw t.img >/dev/null && qemu-io -f qcow2 -c "write -P 0x22 64k 64k" t.img >/dev/null';

/** Numbers that stress a parser: signs, suffixes, radixes, overflow, fractions. */
export const BAD_NUMBERS = [
  '-1', '1x', '0x', '1.5', '9999999999999999999', '0x10', '010', '1e3', '1b', '1k', '1K', '1KiB', '1.5k', '0.5k',
  '-0', '+1', '9223372036854775807', '9223372036854775808', '18446744073709551616', '1T', '1E', '8E', '0x', ' 1',
  '', '1M', '1m', '1G', '4294967296', '0.', '.5', '0x1p3', 'inf', 'nan',
];

/** Shell-quote one word. */
export function q(s) {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Unique-ify: drop repeated values keeping order. */
export function uniq(xs) {
  return [...new Set(xs)];
}
