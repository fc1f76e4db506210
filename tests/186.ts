// 186: check -r all rebuilding refcounts while the old refcount table still names, with reserved bits, the cluster the new table is to take.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: "the rebuild's writes pass the overlap check against the old structures: QEMU 7.2's errors when the new refcount table lands on an old refcount block",
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');

    t.banner('an image with data, a compressed and a zero cluster, and a snapshot');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 8k', 'write -q -P 2 64k 4k', 'write -q -c -P 3 128k 4k', 'write -q -z 256k 4k'], { img });
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await t.io(['write -q -P 4 0 4k'], { img });
    await t.qemuImg(['check', img]);

    t.banner('refcount table entry 468: offset 0xe600 with a reserved bit; the rebuild puts its table at 0xe000');
    const reftable = await readField(t, 'img.qcow2', 'refcount_table_offset');
    await pokeEntry(t, 'img.qcow2', reftable, 468, 0xe700n);
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
