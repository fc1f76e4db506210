// 182: qemu-img check's own limits: more references than the refcount width records (overflow), and files of 2^31 clusters or more.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'references beyond the refcount maximum (the overflow error per extra reference, counts kept at the maximum, repairs); files too large to check',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');

    /** Make L2 entry `index` a copy of entry 0 (a second reference to the first data cluster). */
    const shareFirstCluster = async (index: number) => {
      const l1 = await readField(t, 'img.qcow2', 'l1_table_offset');
      const l2 = Number((await readEntry(t, 'img.qcow2', l1, 0)) & 0x00fffffffffffe00n);
      await pokeEntry(t, 'img.qcow2', l2, index, await readEntry(t, 'img.qcow2', l2, 0));
    };

    t.banner('refcount_bits=1: one cluster referenced by two L2 entries');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096,refcount_bits=1');
    await t.io(['write -q -P 1 0 4k', 'write -q -P 2 4k 4k'], { img });
    await shareFirstCluster(1);
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['check', '--output=json', img], { status: true });

    t.banner('the repair frees the orphaned cluster; the overflow stays an error');
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.io(['read -P 1 0 4k', 'read -P 1 4k 4k'], { img });

    t.banner('refcount_bits=2: four references to one cluster, one past the maximum of three');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096,refcount_bits=2');
    await t.io(['write -q -P 1 0 16k'], { img });
    for (const i of [1, 2, 3]) await shareFirstCluster(i);
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['check', '-r', 'leaks', img], { status: true });

    t.banner('refcount_bits=16 holds the same references without complaint once repaired');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 16k'], { img });
    for (const i of [1, 2, 3]) await shareFirstCluster(i);
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.qemuImg(['check', img], { status: true });

    t.banner('a sparse file of 2^31 clusters is too large to check; one cluster less is checked');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=512');
    await t.truncate('img.qcow2', 2 ** 40);
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.truncate('img.qcow2', 2 ** 40 - 512);
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
