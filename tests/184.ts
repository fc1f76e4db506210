// 184: freeing qcow2 clusters that no refcount block covers: the block is created, the free fails with EAGAIN and the operation goes on.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { snapshotDateFilter } from '../common/filter.ts';
import { createQcow2, pokeEntry, pokeField, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: "qcow2_free_clusters' failures are reported and survived, as QEMU 7.2 does; what the image looks like afterwards",
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');

    t.banner('check -r all rewrites a snapshot table that lies past the end of the file');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 8k'], { img });
    await t.qemuImg(['snapshot', '-c', 'snap', img]);
    await pokeField(t, 'img.qcow2', 'snapshots_offset', 0xffa000);
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['snapshot', '-l', img], { status: true, extraFilters: [snapshotDateFilter] });

    t.banner('a discard whose data cluster lost its refcount block');
    // 512-byte clusters: one refcount block counts 128 KiB of the file; the data past that is
    // counted by a second block, which is then dropped from the table.
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=512');
    await t.io(['write -q -P 2 0 136k'], { img });
    const reftable = await readField(t, 'img.qcow2', 'refcount_table_offset');
    t.echo(`second refcount block present: ${(await readEntry(t, 'img.qcow2', reftable, 1)) !== 0n}`);
    await pokeEntry(t, 'img.qcow2', reftable, 1, 0n);
    await t.io(['discard 135k 1k', 'read -P 0 135k 1k', 'read -P 2 0 64k'], { img, status: true });
    // Only the summary: the clusters the lost block counted are each listed otherwise.
    await t.qemuImg(['check', img], { status: true, extraFilters: [(text) => text.replace(/^ERROR (cluster|OFLAG_COPIED).*\n/gm, '')] });
  },
};
export default test;
