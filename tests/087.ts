// 087: qemu-io info on qcow2 images: cluster size, vm state offset and the format-specific block for each variant (extended L2: 093).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'qcow2', 'info', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-io\'s info command describes qcow2 images exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const variants: [string, string][] = [
      ['1M', 'cluster_size=512'], ['1M', 'cluster_size=4k,compat=0.10'], ['100G', ''], ['3T', 'cluster_size=2M,compression_type=zstd'],
      ['1M', 'lazy_refcounts=on,refcount_bits=64'], ['1M', 'refcount_bits=1,cluster_size=1k'],
    ];
    for (const [size, o] of variants) {
      t.banner(`${size} ${o}`);
      await createQcow2(t, 'img.qcow2', size, o);
      await t.io(['info', 'length'], { img });
    }

    t.banner('after the corrupt bit is set, and read-only');
    await createQcow2(t, 'img.qcow2', '1M', '');
    await t.pokeBE('img.qcow2', 72, 2n, 8);
    await t.io(['info'], { img, flags: ['-r'] });

    t.banner('an overlay, and the raw format for comparison');
    await createQcow2(t, 'top.qcow2', '', `backing_file=${img},backing_fmt=qcow2,cluster_size=8k`);
    await t.io(['info'], { img: t.path('top.qcow2') });
    await t.qemuImg(['create', '-f', 'raw', t.path('r.raw'), '1M']);
    await t.io(['info'], { img: t.path('r.raw'), fmt: 'raw' });
  },
};
export default test;
