// 196: a qcow2 snapshot delete whose closing flush hits metadata: what reaches the file before it, and what is not discarded.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createWithSnapshot, entryOffset, l2TableOffset, pokeEntry, pokeField, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'the refcount walk of snapshot -d ends with a flush; when a refcount block write there is refused (it overlaps the refcount table), the walk fails and the clusters it freed (the snapshot\'s L2 table, its own data) are not discarded, as in QEMU 7.2',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    await createWithSnapshot(t, 'img.qcow2', ['write -q -P 1 0 8k', 'write -q -P 2 64k 4k'], ['write -q -P 4 0 4k']);
    const table = async (): Promise<number> => {
      const sn = await readField(t, 'img.qcow2', 'snapshots_offset');
      return entryOffset(await readEntry(t, 'img.qcow2', sn, 0));
    };
    const snL1 = await table();
    const snL2 = entryOffset(await readEntry(t, 'img.qcow2', snL1, 0));
    const onlySnapshot = entryOffset(await readEntry(t, 'img.qcow2', snL2, 0));
    // The refcount table claims 11 clusters: the refcount block that the walk changes lies inside.
    await pokeField(t, 'img.qcow2', 'refcount_table_clusters', 11);
    // Keep the active tree's L2 table valid but give it a misaligned entry the walk never visits.
    await pokeEntry(t, 'img.qcow2', await l2TableOffset(t, 'img.qcow2', 0), 328, 0x2e00n);

    await t.qemuImg(['snapshot', '-d', 's1', img], { status: true });
    t.echo(`snapshot's L2[0] after: 0x${(await readEntry(t, 'img.qcow2', snL2, 0)).toString(16)}`);
    t.echo(`snapshot's L2[1] after: 0x${(await readEntry(t, 'img.qcow2', snL2, 1)).toString(16)}`);
    t.echo(`first byte of the cluster only the snapshot held: ${(await t.peek('img.qcow2', onlySnapshot, 1))[0]}`);
    await t.qemuImg(['snapshot', '-l', img], { status: true });
  },
};
export default test;
