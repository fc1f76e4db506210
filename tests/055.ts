// 055: qcow2 feature bits: unknown incompatible bits refused, compatible bits ignored, autoclear bits cleared, dirty and corrupt bits.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, infoDiskSizeFilter } from '../common/qcow2.ts';

const FEATURES = ['incompatible_features', 'compatible_features', 'autoclear_features'] as const;

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'header', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'each class of qcow2 feature bit is honoured on open exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const fresh = async (): Promise<void> => {
      await createQcow2(t, 'img.qcow2', '1M', '');
      await t.io('write -q -P 0x42 0 64k', { img });
    };
    const features = async (): Promise<void> => t.echo(...(await describeHeader(t, 'img.qcow2', [...FEATURES])));

    t.banner('unknown incompatible bits');
    for (const bits of [0x80n, 0x8000000000000000n, 0xff00n, 0x20n]) {
      await fresh();
      await t.pokeBE('img.qcow2', 72, bits, 8);
      await t.io('read -P 0x42 0 64k', { img, status: true });
      await t.io('read -P 0x42 0 64k', { img, flags: ['-r'], status: true });
      await t.qemuImg(['info', img], { status: true });
      await t.qemuImg(['check', img], { status: true });
      await features();
    }

    t.banner('unknown compatible bits are ignored and kept');
    await fresh();
    await t.pokeBE('img.qcow2', 80, 0x8000000000000002n, 8);
    await t.io(['write -P 0x43 0 4k', 'read -P 0x43 0 4k'], { img, status: true });
    await features();
    await t.qemuImg(['check', img], { status: true });

    t.banner('unknown autoclear bits are cleared by a read-write open only');
    await fresh();
    await t.pokeBE('img.qcow2', 88, 0x8000000000000080n, 8);
    await t.io('read -P 0x42 0 4k', { img, flags: ['-r'] });
    await features();
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await features();
    await t.io('read -P 0x42 0 4k', { img });
    await features();

    t.banner('the bitmaps autoclear bit without a bitmaps extension');
    await fresh();
    await t.pokeBE('img.qcow2', 88, 1n, 8);
    await t.io('read -P 0x42 0 4k', { img });
    await features();

    t.banner('the dirty bit without lazy refcounts');
    await fresh();
    await t.pokeBE('img.qcow2', 72, 1n, 8);
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await t.qemuImg(['check', img], { status: true });
    await features();
    await t.io('read -P 0x42 0 64k', { img });
    await features();

    t.banner('the corrupt bit');
    await fresh();
    await t.pokeBE('img.qcow2', 72, 2n, 8);
    await t.io('write 0 512', { img, status: true });
    await t.io('read -P 0x42 0 64k', { img, flags: ['-r'], status: true });
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await features();
    await t.io(['write -P 0x44 0 512', 'read -P 0x44 0 512'], { img, status: true });
  },
};
export default test;
