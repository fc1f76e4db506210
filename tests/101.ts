// 101: a long workload through blkverify:RAW:QCOW2 (odd offsets, cluster-spanning writes, a backing file, several cluster sizes) finds no mismatch; a corrupted test image is caught at the first corrupt read.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

/** Writes at odd offsets and across cluster boundaries, each read back through blkverify. */
function workload(cluster: number): string[] {
  const c = cluster;
  const cmds: string[] = [];
  const writes: Array<[number, number, number]> = [
    [0, 512, 0x11], [513, 1000, 0x22], [c - 7, 15, 0x33], [2 * c - 1, c + 2, 0x44], [5 * c + 100, 3 * c, 0x55],
    [12345, 6789, 0x66], [c * 9 - 3, 3, 0x77], [c * 16, c * 4, 0x88], [c * 17 + 1, 511, 0x99],
  ];
  for (const [off, len, p] of writes) cmds.push(`write -q -P ${p} ${off} ${len}`);
  cmds.push('aio_write -q -P 0xaa 70000 5000', 'aio_write -q -P 0xbb 300000 100', 'aio_flush');
  cmds.push(`read -q 0 ${c * 24}`, 'read -q 1 1048575', 'read -q 4095 8193', 'flush');
  return cmds;
}

const test: TestDefinition<TestContext> = {
  groups: ['blkverify', 'filter', 'rw', 'backing', 'auto'],
  formats: ['qcow2'],
  purpose: 'blkverify finds qcow2 data identical to a raw copy over a long workload, and catches a corrupted image at the first corrupt read',
  async run(t) {
    const ref = t.path('ref.raw');
    const img = t.env.TEST_IMG;
    const base = t.path('base.raw');

    for (const cs of [512, 4096, 65536, 2097152]) {
      t.banner(`cluster size ${cs}`);
      const size = Math.max(4 * 1024 * 1024, 24 * cs);
      await t.makeTestImg(size, { img: ref, fmt: 'raw' });
      await t.makeTestImg(size, { options: `cluster_size=${cs}` });
      await t.qemuIo(['-f', 'raw', ...workload(cs).flatMap((c) => ['-c', c]), `blkverify:${ref}:${img}`], { status: true });
      await t.checkTestImg();
      await t.qemuImg(['compare', '-f', 'raw', '-F', 'qcow2', ref, img]);
    }

    t.banner('a backing file under the test image');
    await t.makeTestImg('4M', { img: base, fmt: 'raw' });
    await t.io('write -q -P 0xb0 0 4M', { img: base, fmt: 'raw' });
    await t.qemuImg(['convert', '-f', 'raw', '-O', 'raw', base, ref]);
    await t.makeTestImg('4M', { backing: base, backingFmt: 'raw', options: 'cluster_size=4096' });
    await t.qemuIo(['-f', 'raw', ...workload(4096).flatMap((c) => ['-c', c]), '-c', 'read -q 3M 1M', `blkverify:${ref}:${img}`], { status: true });
    await t.checkTestImg();

    t.banner('a corrupted test image');
    await t.io('write -q -P 0xee 20000 1');
    await t.qemuIo(['-f', 'raw', '-c', 'read -q 0 16384', '-c', 'read -q 16384 16384', '-c', 'read -q 0 4M', `blkverify:${ref}:${img}`], { status: true });
    await t.qemuIo(['-f', 'raw', '-c', 'read -v 19992 16', `blkverify:${ref}:${img}`], { status: true });
    await t.io('read -v 19992 16');
  },
};
export default test;
