// Workloads for scripts/evcount/run.mjs: each is an image (create options, size, optional backing
// file contents), setup writes done with real QEMU after guest cluster 0 (the probe), and the
// qemu-io commands whose events are counted. Workloads never touch guest cluster 0.

/** One workload per write kind, at `at` (bytes) for `len` bytes. */
function kinds(at, len) {
  return [
    ['write', [`write -P 7 ${at} ${len}`]],
    ['zero', [`write -z ${at} ${len}`]],
    ['zero-unmap', [`write -z -u ${at} ${len}`]],
    ['discard', [`discard ${at} ${len}`]],
    ['compress', [`write -c -P 7 ${at} ${len}`]],
  ];
}

const SIZES = [
  { cs: 512, size: '16M', at: 4096, len: 2048, unaligned: 4096 + 700 },
  { cs: 65536, size: '64M', at: 1 << 20, len: 131072, unaligned: (1 << 20) + 3000 },
  { cs: 2097152, size: '64M', at: 4 << 20, len: 4 << 20, unaligned: (4 << 20) + 3000 },
];

function sweep() {
  const out = [];
  for (const z of SIZES) {
    const create = `cluster_size=${z.cs}`;
    const populated = [`write -P 3 ${z.at - z.cs > 0 ? z.at - z.cs : z.cs} ${z.len + 2 * z.cs}`];
    for (const [kind, work] of kinds(z.at, z.len)) {
      if (kind === 'compress' && z.len % z.cs) continue;
      out.push({ id: `sweep-${z.cs}-fresh-${kind}`, create, size: z.size, work });
      out.push({ id: `sweep-${z.cs}-populated-${kind}`, create, size: z.size, setup: populated, work });
      out.push({ id: `sweep-${z.cs}-backing-${kind}`, create, size: z.size, backing: [`write -P 9 0 ${z.at + 2 * z.len}`], work });
    }
    out.push({ id: `sweep-${z.cs}-fresh-unaligned`, create, size: z.size, work: [`write -P 7 ${z.unaligned} 1000`] });
    out.push({ id: `sweep-${z.cs}-backing-unaligned`, create, size: z.size, backing: [`write -P 9 0 ${z.at + 2 * z.len}`], work: [`write -P 7 ${z.unaligned} 1000`] });
    out.push({ id: `sweep-${z.cs}-populated-unaligned`, create, size: z.size, setup: populated, work: [`write -P 7 ${z.unaligned} 1000`] });
    out.push({ id: `sweep-${z.cs}-truncate-grow`, create, size: z.size, setup: populated, work: [`truncate 128M`] });
    out.push({ id: `sweep-${z.cs}-truncate-shrink`, create, size: z.size, setup: populated, work: [`truncate ${z.at}`] });
  }
  return out;
}

/** Odd corners: partial zeroing and discards, shared clusters, subclusters, lazy refcounts, preallocated growth. */
function extra() {
  const pop512 = ['write -P 3 3584 16k'];
  return [
    { id: 'x-zero-partial-512', create: 'cluster_size=512', size: '16M', setup: pop512, work: ['write -z 4196 1000'] },
    { id: 'x-zero-partial-64k', create: 'cluster_size=65536', size: '16M', setup: ['write -P 3 64k 256k'], work: ['write -z 70000 100000'] },
    { id: 'x-discard-partial-512', create: 'cluster_size=512', size: '16M', setup: pop512, work: ['discard 4196 3000'] },
    { id: 'x-snapshot-cow-64k', create: 'cluster_size=65536', size: '16M', setup: ['write -P 3 64k 256k'], setupImg: [['snapshot', '-c', 's1']],
      work: ['write -P 7 70000 1000', 'write -P 7 196608 65536'] },
    { id: 'x-snapshot-cow-512', create: 'cluster_size=512', size: '16M', setup: pop512, setupImg: [['snapshot', '-c', 's1']],
      work: ['write -P 7 4196 1000', 'discard 8192 4096'] },
    { id: 'x-subcluster-backing', create: 'cluster_size=65536,extended_l2=on', size: '16M', backing: ['write -P 9 0 1M'],
      work: ['write -P 7 70000 1000', 'write -z 140000 4096', 'write -P 7 200000 5000'] },
    ...['write -P 7 70000 1000', 'write -z 140000 4096', 'write -P 7 200000 5000'].map((w, i) => ({
      id: `x-sub1-backing-${i}`, create: 'cluster_size=65536,extended_l2=on', size: '16M', backing: ['write -P 9 0 1M'], work: [w],
    })),
    ...['write -P 7 140000 1000', 'write -z 70000 4096', 'discard 65536 65536'].map((w, i) => ({
      id: `x-sub1-fresh-${i}`, create: 'cluster_size=65536,extended_l2=on', size: '16M', setup: ['write -P 3 64k 64k'], work: [w],
    })),
    { id: 'x-subcluster-fresh', create: 'cluster_size=65536,extended_l2=on', size: '16M', setup: ['write -P 3 64k 64k'],
      work: ['write -P 7 140000 1000', 'write -z 70000 4096', 'discard 65536 65536'] },
    { id: 'x-lazy-refcounts', create: 'cluster_size=65536,lazy_refcounts=on', size: '16M', setup: ['write -P 3 64k 64k'],
      work: ['write -P 7 1M 64k', 'write -P 7 70000 100', 'discard 64k 64k'] },
    { id: 'x-prealloc-metadata-512', create: 'cluster_size=512', size: '1M', setup: pop512, work: ['truncate -m metadata 2M'] },
    { id: 'x-prealloc-full-512', create: 'cluster_size=512', size: '1M', setup: ['write -P 3 3584 16k'], work: ['truncate -m full 3M'] },
    { id: 'x-prealloc-falloc-64k', create: 'cluster_size=65536', size: '1M', setup: ['write -P 3 64k 64k'], work: ['truncate -m falloc 3M'] },
    { id: 'x-refcount1-512', create: 'cluster_size=512,refcount_bits=1', size: '16M', setup: pop512,
      work: ['write -P 7 1M 64k', 'discard 3584 4096', 'write -P 7 2M 512'] },
    { id: 'x-subcluster-2m', create: 'cluster_size=2M,extended_l2=on', size: '64M', backing: ['write -P 9 0 8M'],
      work: ['write -P 7 2200000 1000', 'write -z 4300000 70000', 'discard 6M 2M'] },
    { id: 'x-v2-backing', create: 'cluster_size=65536,compat=0.10', size: '16M', backing: ['write -P 9 0 1M'],
      work: ['write -P 7 70000 1000', 'write -z 200000 100000', 'discard 64k 64k'] },
    { id: 'x-compressed-overwrite-64k', create: 'cluster_size=65536', size: '16M', setup: ['write -c -P 3 64k 128k'],
      work: ['write -P 7 64k 64k', 'write -c -P 8 128k 64k', 'write -z -u 64k 128k'] },
  ];
}

export const SCENARIOS = [
  {
    id: 'reftable-grow-64bit', create: 'cluster_size=512,refcount_bits=64', size: '16M',
    setup: ['write -P 3 512 1900k'], work: ['write -P 2 8M 128k'],
  },
  {
    id: 'reftable-grow-64bit-single', create: 'cluster_size=512,refcount_bits=64', size: '16M',
    setup: ['write -P 3 512 1900k'], work: ['write -P 2 8M 32k', 'write -P 2 9M 32k', 'write -P 2 10M 32k', 'write -P 2 11M 32k', 'write -P 2 12M 32k'],
  },
  {
    id: 'reftable-grow-512-far', create: 'cluster_size=512', size: '1G',
    setup: ['write -P 3 512 64k'], work: ['write -P 2 900M 512', 'write -P 2 800M 512'],
  },
  {
    id: 'shrink-populated-64k', create: 'cluster_size=65536', size: '64M',
    setup: ['write -P 3 1M 1M', 'write -P 4 40M 64k'], work: ['truncate 2M'],
  },
  {
    id: 'shrink-l2-boundary-512', create: 'cluster_size=512', size: '16M',
    setup: ['write -P 3 512 64k', 'write -P 4 8M 4k'], work: ['truncate 100k'],
  },
  {
    id: 'aio-two-writes-64k', create: 'cluster_size=65536', size: '64M',
    work: ['aio_write -P 1 1M 64k', 'aio_write -P 2 5M 64k', 'aio_flush'],
  },
  {
    id: 'aio-two-writes-512', create: 'cluster_size=512', size: '16M',
    work: ['aio_write -P 1 1M 4k', 'aio_write -P 2 5M 4k', 'aio_flush'],
  },
  ...[1000, 16000, 16900, 17000, 30000].map((len) => ({
    id: `cow-merge-512-${len}`, create: 'cluster_size=512', size: '16M', backing: ['write -P 9 0 1M'],
    work: [`write -P 7 ${4096 + 700} ${len}`],
  })),
  ...[1000, 16000, 17000, 70000].map((len) => ({
    id: `cow-merge-64k-${len}`, create: 'cluster_size=65536', size: '16M', backing: ['write -P 9 0 1M'],
    work: [`write -P 7 ${65536 + 700} ${len}`],
  })),
  {
    id: 'cow-compressed-64k', create: 'cluster_size=65536', size: '16M',
    setup: ['write -c -P 3 64k 128k'], work: ['write -P 7 70000 1000', 'write -P 7 140000 20000'],
  },
  {
    id: 'cow-compressed-512', create: 'cluster_size=512', size: '16M',
    setup: ['write -c -P 3 4k 8k'], work: ['write -P 7 4700 1000', 'write -P 7 8000 100'],
  },
  { id: 'reopen-caches', create: 'cluster_size=65536', size: '64M', setup: ['write -P 3 1M 64k'],
    work: ['read -P 3 1M 4k', 'reopen -o l2-cache-size=131072', 'read -P 3 1M 4k', 'write -P 4 1M 4k'] },
  { id: 'reopen-plain', create: 'cluster_size=65536', size: '64M', setup: ['write -P 3 1M 64k'],
    work: ['read -P 3 1M 4k', 'reopen', 'read -P 3 1M 4k'] },
  { id: 'reopen-ro-rw', create: 'cluster_size=65536', size: '64M', setup: ['write -P 3 1M 64k'],
    work: ['write -P 4 2M 4k', 'reopen -r', 'read -P 3 1M 4k', 'reopen -w', 'write -P 4 1M 4k'] },
  { id: 'reopen-small-l2-cache', create: 'cluster_size=512', size: '16M', setup: ['write -P 3 1M 4k', 'write -P 3 2M 4k', 'write -P 3 3M 4k'],
    work: ['reopen -o l2-cache-size=1024', 'read -P 3 1M 512', 'read -P 3 2M 512', 'read -P 3 3M 512', 'read -P 3 1M 512', 'write -P 4 1M 512', 'write -P 4 2M 512', 'write -P 4 3M 512'] },
  ...extra(),
  ...sweep(),
];
