// 102: blkverify mirrors write-zeroes (with and without unmap), discards and compressed writes to both children (beyond QEMU 7.2).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['blkverify', 'filter', 'rw', 'zero', 'discard', 'compress', 'auto'],
  formats: ['qcow2'],
  purpose: 'zero writes, discards and compressed writes through blkverify keep the raw copy and the qcow2 image identical',
  beyondQemu:
    'QEMU 7.2 blkverify aborts on write -z (assertion in bdrv_co_do_pwrite_zeroes), ignores discards and answers "Operation not supported" to write -c',
  async run(t) {
    const ref = t.path('ref.raw');
    const img = t.env.TEST_IMG;
    const base = t.path('base.raw');
    const opts = (test: string) => ['--image-opts', `driver=blkverify,raw.filename=${ref},test.driver=qcow2,test.file.filename=${test}`];

    for (const cs of [4096, 65536]) {
      t.banner(`cluster size ${cs}`);
      await t.makeTestImg('4M', { img: ref, fmt: 'raw' });
      await t.makeTestImg('4M', { options: `cluster_size=${cs}` });
      const cmds = [
        'write -q -P 0x11 0 1M', 'write -z 4096 8192', 'write -z -u 65536 131072', 'write -z 1000 3000', 'write -z -u 200001 70000',
        'discard 262144 65536', 'discard 300000 5', 'write -c -P 0x22 1M 64k', 'write -c -P 0x23 2M 128k', 'write -c -P 0x24 3M 64k',
        'aio_write -z -u 512k 64k', 'aio_flush', 'read -q 0 4M', 'read -P 0 4096 8192', 'read -P 0x22 1M 64k',
      ];
      await t.qemuIo([...cmds.flatMap((c) => ['-c', c]), ...opts(img)], { status: true });
      await t.checkTestImg();
      await t.qemuImg(['compare', '-f', 'raw', '-F', 'qcow2', ref, img]);
    }

    t.banner('zeroes and discards over a backing file');
    await t.makeTestImg('4M', { img: base, fmt: 'raw' });
    await t.io('write -q -P 0xb0 0 4M', { img: base, fmt: 'raw' });
    await t.qemuImg(['convert', '-f', 'raw', '-O', 'raw', base, ref]);
    await t.makeTestImg('4M', { backing: base, backingFmt: 'raw', options: 'cluster_size=4096' });
    const cmds = ['write -z 0 64k', 'write -z -u 64k 64k', 'discard 128k 64k', 'write -z 200000 1', 'write -c -P 5 1M 64k', 'read -q 0 4M'];
    await t.qemuIo([...cmds.flatMap((c) => ['-c', c]), ...opts(img)], { status: true });
    await t.checkTestImg();
  },
};
export default test;
