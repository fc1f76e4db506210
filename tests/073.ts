// 073: qemu-img amend on qcow2: compat up and down, refcount_bits, lazy_refcounts, backing options, and refusals.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'amend', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'amend changes qcow2 options in place, keeping data, and refuses what QEMU refuses',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const amend = (...args: string[]) => t.qemuImg(['amend', ...args], { status: true });
    const show = async (): Promise<void> => {
      t.echo(...(await describeHeader(t, 'img.qcow2', ['version', 'refcount_order', 'incompatible_features', 'compatible_features'])));
      await t.io(['read -P 0x91 0 64k', 'read -P 0 64k 64k', 'read -P 0x92 1M 4k'], { img });
      await t.qemuImg(['check', img], { status: true });
    };

    t.banner('-o help');
    await amend('-f', 'qcow2', '-o', 'help', img);
    await amend('-o', 'help');

    t.banner('compat=1.1 -> 0.10 with zero clusters, and back');
    await createQcow2(t, 'img.qcow2', '4M', 'cluster_size=4k');
    await t.io(['write -q -P 0x91 0 64k', 'write -q -z 64k 64k', 'write -q -P 0x92 1M 4k'], { img });
    await amend('-o', 'compat=0.10', img);
    await show();
    await t.qemuImg(['map', '--output=json', img]);
    await amend('-o', 'compat=1.1', img);
    await show();
    await amend('-o', 'compat=v2', img);
    await amend('-o', 'compat=v3', img);
    await show();

    t.banner('refcount_bits');
    for (const bits of ['1', '64', '8', '16']) {
      await amend('-o', `refcount_bits=${bits}`, img);
      await show();
    }
    await amend('-o', 'refcount_bits=3', img);
    await amend('-o', 'compat=0.10,refcount_bits=8', img);

    t.banner('lazy_refcounts');
    await amend('-o', 'lazy_refcounts=on', img);
    await show();
    await amend('-o', 'compat=0.10', img);
    await amend('-o', 'lazy_refcounts=off', img);
    await show();

    t.banner('backing file options');
    await t.qemuImg(['create', '-f', 'raw', t.path('base.raw'), '4M']);
    await amend('-o', 'backing_file=base.raw,backing_fmt=raw', img);
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await amend('-o', 'backing_fmt=qcow2', img);

    t.banner('options amend cannot change');
    for (const o of ['cluster_size=512', 'size=8M', 'preallocation=full', 'compression_type=zstd', 'encryption=on', 'extended_l2=on', 'bogus=1', 'compat=2']) {
      await amend('-o', o, img);
    }
    await amend(img);
    await amend('-o', 'compat=1.1', '-f', 'raw', t.path('base.raw'));
    await show();
  },
};
export default test;
