// Deeper cases: sparse layouts, odd file sizes and content differences, through map/alloc/convert/compare/dd/info.

import { q } from './common.mjs';

/** A 4 MiB raw image: data at 0 (64k), a zero-written 64k, data at 1M+4k (4k), a lone byte, a tail. */
const SPARSE =
  'qemu-img create -f raw s.img 4M >/dev/null && qemu-io -f raw -c "write -P 0x11 0 64k" -c "write -z 64k 64k" ' +
  '-c "write -P 0x22 1028k 4k" -c "write -P 0x33 2M 1" -c "write -P 0x44 4088k 8k" s.img >/dev/null';
/** The same image in qcow2 (64k clusters) and with 4k clusters. */
const SPARSE_Q = `${SPARSE} && qemu-img convert -f raw -O qcow2 s.img q.img && qemu-img convert -f raw -O qcow2 -o cluster_size=4k s.img q4.img`;
/** Raw files whose sizes are not sector multiples. */
const ODD = 'printf "%01000d" 7 > odd.img && yes abcdefghijk | head -c 4097 > r.img && : > empty.img && head -c 513 /dev/zero > z.img';
/** Two images differing at known offsets. */
const PAIR = `${SPARSE} && cp s.img s2.img && qemu-io -f raw -c "write -P 0x55 3M 512" -c "write -P 0x11 100k 1" s2.img >/dev/null && qemu-img create -f raw big.img 5M >/dev/null && qemu-io -f raw -c "write -P 0x11 0 64k" big.img >/dev/null`;

const IO_ON_SPARSE = [
  'map', 'alloc 0', 'alloc 0 4M', 'alloc 64k 64k', 'alloc 60k 8k', 'alloc 1M 8k', 'alloc 1028k 4k', 'alloc 2M 1', 'alloc 2M 512', 'alloc 4095k 1k',
  'alloc 3M 1M', 'read -P 0x11 0 64k', 'read -P 0x11 0 65k', 'read -P 0 64k 64k', 'read -v 2M 32', 'read -v 2097150 4', 'read -v 4194288 16',
  'read -P 0x22 1028k 4k', 'read -P 0x22 1027k 2k', 'discard 0 64k', 'discard 1M 2M', 'write -z 0 4M', 'write -zu 1M 1M', 'truncate 3M',
  'truncate 5M', 'readv -P 0x11 0 4k 4k 4k', 'writev -P 9 1k 1k 2k', 'aio_read -P 0x11 0 4k', 'aio_write -P 8 5k 3k',
];
const IO_ON_ODD = [
  'length', 'map', 'alloc 0', 'alloc 0 1000', 'alloc 512 512', 'read -v 992 8', 'read -v 990 30', 'read 1000 24', 'read 1024 1', 'read 0 1024',
  'write -P 1 1000 24', 'write -P 1 999 1', 'write -P 1 1024 1', 'write -P 1 1023 2', 'write -z 996 8', 'discard 0 1024', 'truncate 1000', 'truncate 1001',
  'read -P 0x30 0 512', 'info',
];
const IMG_ON_SPARSE = [
  'map -f raw s.img', 'map -f raw --output=json s.img', 'map -f raw --start-offset=100k --max-length=1M s.img', 'map -f raw --start-offset=2M --output=json s.img',
  'map q.img', 'map --output=json q.img', 'map q4.img', 'map --output=json q4.img', 'map --start-offset=65000 --max-length=70000 --output=json q4.img',
  'info -f raw s.img', 'info q.img', 'info --output=json q.img', 'info q4.img', 'check q.img', 'check --output=json q4.img',
  'convert -f raw -O raw s.img o.img', 'convert -f raw -O raw -S 0 s.img o.img', 'convert -f raw -O raw -S 64k s.img o.img', 'convert -f raw -O raw -S 1M s.img o.img',
  'convert -f raw -O qcow2 s.img o.img', 'convert -f raw -O qcow2 -S 0 s.img o.img', 'convert -f raw -O qcow2 -o cluster_size=4k s.img o.img', 'convert -f raw -O qcow2 -c s.img o.img',
  'convert -O raw q.img o.img', 'convert -O qcow2 q4.img o.img', 'convert -f raw -O raw s.img s.img o.img', 'convert -f raw -O qcow2 -o preallocation=metadata s.img o.img',
  'convert -f raw -O raw -o preallocation=full s.img o.img', 'convert -f raw -O raw -o preallocation=falloc s.img o.img', 'convert -p -f raw -O raw s.img o.img',
  'measure -f raw -O qcow2 s.img', 'measure -O qcow2 q.img', 'measure --output=json -O raw q4.img', 'measure -f raw -O qcow2 -o cluster_size=2M s.img',
  'dd -f raw -O raw if=s.img of=o.img bs=64k count=20', 'dd -f raw -O qcow2 if=s.img of=o.img bs=1M skip=1', 'dd if=q.img of=o.img bs=1k skip=1020 count=10',
  'compare -f raw -F qcow2 s.img q.img', 'compare -s -f raw -F qcow2 s.img q.img', 'compare q.img q4.img', 'compare -s q.img q4.img',
  'resize -f raw s.img 1M', 'resize -f raw --shrink s.img 1M', 'resize q.img 8M', 'resize --shrink q.img 2M', 'resize q4.img +1',
  'amend -o size=2M q.img', 'amend -o size=8M q4.img',
];
const IMG_ON_ODD = [
  'info odd.img', 'info --output=json odd.img', 'info empty.img', 'info -f raw z.img', 'map odd.img', 'map --output=json r.img', 'map empty.img',
  'convert odd.img o.img', 'convert -O qcow2 odd.img o.img', 'convert -f raw -O raw r.img o.img', 'convert empty.img o.img', 'compare odd.img odd.img',
  'compare -f raw -F raw odd.img r.img', 'compare -f raw -F raw z.img empty.img', 'compare -s -f raw -F raw z.img empty.img', 'resize -f raw odd.img 2000',
  'resize -f raw --shrink odd.img 500', 'resize -f raw odd.img +1', 'dd if=odd.img of=o.img bs=100', 'dd -f raw if=r.img of=o.img bs=1000 count=3',
  'dd -f raw if=r.img of=o.img bs=1000 skip=4', 'dd -f raw if=empty.img of=o.img', 'measure -O raw odd.img', 'measure -O qcow2 -f raw r.img', 'check odd.img',
  'bench -c 4 -s 512 -f raw odd.img', 'bench -c 4 -w -s 512 -o 512 -f raw odd.img',
];
const IMG_ON_PAIR = [
  'compare -f raw -F raw s.img s2.img', 'compare -s -f raw -F raw s.img s2.img', 'compare -q -f raw -F raw s.img s2.img', 'compare -f raw -F raw s.img big.img',
  'compare -s -f raw -F raw s.img big.img', 'compare -f raw -F raw big.img s.img', 'compare -s -f raw -F raw big.img s.img', 'compare -f raw -F raw s2.img s.img',
];

export function deepCases() {
  const out = [];
  for (const c of IO_ON_SPARSE) {
    out.push({ id: `deep-io-sparse-raw/${c}`, setup: SPARSE, cmd: `qemu-io -f raw -c ${q(c)} -c map s.img` });
    out.push({ id: `deep-io-sparse-qcow2/${c}`, setup: SPARSE_Q, cmd: `qemu-io -f qcow2 -c ${q(c)} -c map q.img` });
    out.push({ id: `deep-io-sparse-qcow2-4k/${c}`, setup: SPARSE_Q, cmd: `qemu-io -f qcow2 -c ${q(c)} -c map q4.img` });
  }
  for (const c of IO_ON_ODD) {
    out.push({ id: `deep-io-odd/${c}`, setup: ODD, cmd: `qemu-io -f raw -c ${q(c)} -c length odd.img` });
    out.push({ id: `deep-io-odd-probed/${c}`, setup: ODD, cmd: `qemu-io -c ${q(c)} -c length odd.img` });
    out.push({ id: `deep-io-empty/${c}`, setup: ODD, cmd: `qemu-io -f raw -c ${q(c)} -c length empty.img` });
  }
  for (const c of IMG_ON_SPARSE) out.push({ id: `deep-img-sparse/${c}`, setup: SPARSE_Q, cmd: `qemu-img ${c}` });
  for (const c of IMG_ON_ODD) out.push({ id: `deep-img-odd/${c}`, setup: ODD, cmd: `qemu-img ${c}` });
  for (const c of IMG_ON_PAIR) out.push({ id: `deep-img-pair/${c}`, setup: PAIR, cmd: `qemu-img ${c}` });
  return out;
}
