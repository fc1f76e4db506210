// 212: truncate with a preallocation mode to the same size, a larger one and a smaller one: QEMU's errors in QEMU's order, and its layout.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'prealloc', 'auto', 'quick'],
  formats: ['raw', 'qcow2'],
  purpose: 'qemu-io truncate -m refuses shrinking before unsupported modes, and falloc/full on qcow2 lay out a new refcount area even at the same size, as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    for (const mode of ['off', 'metadata', 'falloc', 'full']) {
      for (const size of ['1M', '2M', '512k']) {
        t.banner(`truncate -m ${mode} ${size} of a 1 MiB image`);
        await t.makeTestImg('1M', { quiet: true });
        await t.io('write -q -P 0x33 0 64k');
        await t.io(`truncate -m ${mode} ${size}`, { status: true });
        await t.io(['length', 'read -q -P 0x33 0 64k']);
        if (t.env.IMGFMT === 'qcow2') {
          await t.qemuImg(['check', t.env.TEST_IMG]);
          await t.echo(`file: ${await t.fileSize('t.qcow2')} bytes`);
        }
      }
    }
  },
};
export default test;
