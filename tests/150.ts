// 150: where qcow2 puts new clusters when a write crosses into host space no refcount block covers yet, and what discard does to zero clusters.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'alloc', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'host layout (qemu-img map offsets) matches QEMU across refcount block boundaries; discard keeps zero clusters zero',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const map = () => t.qemuImg(['map', '--output=json', img], { status: true });

    // 512-byte clusters: one refcount block covers 128 KiB of host file, so these writes cross several.
    t.banner('a long write over existing L2 tables continues across the refcount block boundary');
    await createQcow2(t, 'img.qcow2', '3M', 'cluster_size=512');
    await t.io(['write -z 0 300000', 'write -P 0x28 0 256k'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('the same after partial zero writes and an unmapped zero range');
    await createQcow2(t, 'img.qcow2', '3M', 'cluster_size=512');
    await t.io(['write -z 2557446 98613', 'write -z -u 2704384 113664', 'write -P 0x28 2555904 256k', 'read -P 0x28 2555904 256k'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('many small writes, then one that needs the next refcount block');
    await createQcow2(t, 'img.qcow2', '3M', 'cluster_size=512');
    await t.io(['write -P 1 0 120k', 'write -P 2 1M 4k', 'write -z 2M 64k', 'write -P 3 2M 64k'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('a write whose last cluster reaches past the disk copies its edges instead of zeroing them');
    await createQcow2(t, 'img.qcow2', '2999808');
    await t.io(['write -P 0x29 2714647 272495', 'write -c -P 0x77 1984k 64k', 'write -P 1 100000 1000'], { img });
    await map();

    t.banner('clusters allocated after an in-place run continue right after it, not at the first free cluster');
    for (const v of ['cluster_size=64k', 'cluster_size=64k,extended_l2=on']) {
      await createQcow2(t, 'img.qcow2', '4M', v);
      await t.io(['write -P 1 0 64k', 'write -P 1 64k 64k', 'write -P 1 256k 64k', 'discard 0 64k', 'discard 256k 64k', 'write -P 2 96k 64k'], { img });
      await map();
    }

    t.banner('a run continues across a new L2 table: the table goes to the first free cluster, the data after the previous piece');
    await t.qemuImg(['create', '-f', 'qcow2', t.path('base.qcow2'), '1M'], { status: true });
    await t.io(['write -q -P 0x11 0 1M'], { img: t.path('base.qcow2') });
    await createQcow2(t, 'img.qcow2', '1M', `cluster_size=512,backing_file=${t.path('base.qcow2')},backing_fmt=qcow2`);
    await t.io(['write -P 0x20 860160 98304', 'write -z -u 827392 208896', 'write -z -u 338787 116237', 'write -P 0x24 393216 131072'], { img });
    await map();

    t.banner('discard where no L2 table exists yet');
    for (const v of ['cluster_size=512', 'cluster_size=512,compat=0.10', 'cluster_size=16k,extended_l2=on']) {
      await createQcow2(t, 'img.qcow2', '4M', v);
      await t.io(['discard 192k 256k', 'discard 100 200', 'write -P 3 3M 4k'], { img });
      await map();
    }

    for (const v of ['compat=1.1', 'compat=0.10']) {
      t.banner(`discard over zero, unmapped-zero and data clusters without a backing file (${v})`);
      await createQcow2(t, 'img.qcow2', '1M', `cluster_size=4k,${v}`);
      await t.io(['write -P 1 0 64k', 'write -z 64k 64k', 'write -P 2 128k 64k', 'write -z -u 128k 64k', 'write -P 3 192k 64k', 'write -z 192k 64k'], { img });
      await t.io(['discard 0 32k', 'discard 64k 32k', 'discard 128k 32k', 'discard 192k 32k', 'map'], { img });
      await map();
      await t.io(['read -P 1 32k 32k', 'read -P 0 0 32k', 'read -P 0 64k 192k'], { img });
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
