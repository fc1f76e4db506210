// 100: blkverify catches the first corrupt read, and opens by filename, json: and --image-opts with QEMU's errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['blkverify', 'filter', 'auto', 'quick'],
  formats: ['raw', 'qcow2'],
  purpose: 'a raw reference and a test image differing in sector 0: blkverify reports the mismatch and exits 1; every way of naming blkverify works',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const ref = t.path('ref.raw');
    const img = t.env.TEST_IMG;
    await t.makeTestImg('1M', { img: ref, fmt: 'raw' });
    await t.makeTestImg('1M');
    await t.io('write -q -P 0xcd 0 512', { img: ref, fmt: 'raw' });

    t.banner('reading sector 0 through blkverify');
    await t.qemuIo(['-c', 'read 0 512', `blkverify:${ref}:${img}`], { status: true });
    await t.qemuIo(['-f', 'raw', '-c', 'read -v 0 512', `blkverify:${ref}:${img}`], { status: true });

    t.banner('exploring the sector');
    await t.io('read -v 0 16', { img: ref, fmt: 'raw' });
    await t.io('read -v 0 16');
    await t.qemuIo(['-f', 'raw', '-c', 'read 512 512', '-c', 'read -v 500 16', `blkverify:${ref}:${img}`], { status: true });
    await t.qemuIo(['-f', 'raw', '-c', 'read 511 2', `blkverify:${ref}:${img}`], { status: true });

    t.banner('the same data on both sides');
    await t.io('write -q -P 0xcd 0 512');
    await t.qemuIo(['-c', 'read -P 0xcd 0 512', '-c', 'read -P 0 512 511k', `blkverify:${ref}:${img}`], { status: true });
    await t.qemuIo(['-f', 'raw', '-c', 'write -P 0x11 4095 2', '-c', 'read -P 0x11 4095 2', `blkverify:${ref}:${img}`], { status: true });
    await t.qemuIo(['-c', 'info', '-c', 'length', '--image-opts', `driver=blkverify,raw.filename=${ref},test.driver=${fmt},test.file.filename=${img}`], { status: true });

    t.banner('qemu-img info names the node');
    await t.qemuImg(['info', '-f', 'blkverify', `blkverify:${ref}:${img}`]);
    await t.qemuImg(['info', '--image-opts', `driver=blkverify,raw.filename=${ref},test.driver=${fmt},test.file.filename=${img}`]);
    await t.qemuImg(['info', `json:{"driver":"blkverify","raw":{"driver":"file","filename":"${ref}"},"test":{"driver":"${fmt}","file":{"driver":"file","filename":"${img}"}}}`]);
    await t.qemuImg(['info', '-f', 'blkverify', `blkverify:${ref}:file:${img}`]);

    t.banner('malformed blkverify names');
    for (const name of ['blkverify:', `blkverify:${ref}`, `blkverify:${ref}:`, `blkverify::${img}`, `blkverify:${ref}:nonexistent`, `blkverify:${ref}:qcow9:${img}`]) {
      await t.qemuIo(['-f', 'raw', '-c', 'length', name], { status: true });
    }

    t.banner('missing children, node references, unknown options');
    await t.qemuIo(['-c', 'length', `json:{"driver":"blkverify","raw":{"driver":"file","filename":"${ref}"}}`], { status: true });
    await t.qemuIo(['-c', 'length', `json:{"driver":"blkverify","test":{"driver":"file","filename":"${img}"}}`], { status: true });
    await t.qemuIo(['-c', 'length', `json:{"driver":"blkverify","raw":"foo","test":{"driver":"file","filename":"${img}"}}`], { status: true });
    await t.qemuIo(['-c', 'length', `json:{"driver":"blkverify","raw":{"driver":"file","filename":"${ref}"},"test":"foo"}`], { status: true });
    await t.qemuIo(['-c', 'length', '--image-opts', `driver=blkverify,raw.filename=${ref},test.file.filename=${img},bogus=1`], { status: true });
  },
};
export default test;
