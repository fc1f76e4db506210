// 188: applying a qcow2 snapshot whose tree references a cluster no refcount block covers: the block is made, then the apply fails with EAGAIN.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'snapshot', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: "QEMU 7.2's snapshot refcount walk does not retry after creating a refcount block: its error, and what check finds afterwards",
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');

    t.banner('512-byte clusters (one refcount block counts 128 KiB); a snapshot L2 entry points at 200 KiB');
    await createQcow2(t, 'img.qcow2', '64k', 'cluster_size=512');
    await t.io(['write -q -P 1 0 1k'], { img });
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    const table = await readField(t, 'img.qcow2', 'snapshots_offset');
    // The first field of a snapshot table entry is its L1 table offset.
    const snapshotL1 = Number(await readEntry(t, 'img.qcow2', table, 0));
    const l2 = Number((await readEntry(t, 'img.qcow2', snapshotL1, 0)) & 0x00fffffffffffe00n);
    await pokeEntry(t, 'img.qcow2', l2, 2, 200n * 1024n);

    t.banner('the apply fails; the image keeps the new block and leaks');
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
