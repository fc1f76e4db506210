// 006: discard on a raw file punches holes that read as zeroes and show up in qemu-img map.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'discard', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-io discard zeroes the range (even sub-block ranges), map/alloc report it, errors are exact',
  async run(t) {
    t.requireNoImgOpts();
    await t.makeTestImg('1M');

    t.banner('writing 256 KiB of data');
    await t.io('write -P 0x01 0 256k');
    await t.qemuImg(['map', '-f', t.env.IMGFMT, t.env.TEST_IMG]);

    t.banner('discarding a whole 64 KiB block and a sub-sector range');
    await t.io(['discard 64k 64k', 'discard 1 511', 'discard -q 128k 4k']);
    await t.io(['read -P 0x01 0 1', 'read -P 0 1 511', 'read -P 0x01 512 65024', 'read -P 0 64k 64k', 'read -P 0 128k 4k', 'read -P 0x01 132k 124k']);

    t.banner('what the format layer reports (raw: everything allocated)');
    await t.io(['map', 'alloc 0 1M', 'alloc 64k 64k', 'alloc 1M 1', 'alloc 0 0', 'alloc 0']);

    t.banner('what the file layer reports');
    await t.qemuImg(['map', '-f', t.env.IMGFMT, t.env.TEST_IMG]);
    await t.qemuImg(['map', '-f', t.env.IMGFMT, '--output=json', t.env.TEST_IMG]);

    t.banner('discard errors');
    await t.io('discard 1M 512', { status: true });
    await t.io('discard 1020k 8k', { status: true });
    await t.io('discard', { status: true });
    await t.io('discard -z 0 1', { status: true });
    await t.io('discard 0 1x', { status: true });
    await t.io('discard 0 512', { flags: ['-r'], status: true });
  },
};
export default test;
