// 195: a qcow2 snapshot apply that fails half way leaves the image as QEMU 7.2 leaves it.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createWithSnapshot, entryOffset, l2TableOffset, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'when dropping the old tree\'s references fails, the L1 table written is the snapshot\'s as read before its references grew (COPIED flags not yet right), what the walk changed in L2 tables and refcounts still reaches the file, and the clusters it freed are not discarded',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const hex = (v: bigint): string => `0x${v.toString(16)}`;
    const show = async (): Promise<void> => {
      const l1 = await readField(t, 'img.qcow2', 'l1_table_offset');
      const l1e = await readEntry(t, 'img.qcow2', l1, 0);
      t.echo(`active L1[0]: ${hex(l1e)}`);
      t.echo(`old active L2[0]: ${hex(await readEntry(t, 'img.qcow2', oldL2, 0))}`);
      t.echo(`first byte of the freed data cluster: ${(await t.peek('img.qcow2', freed, 1))[0]}`);
      await t.qemuImg(['check', img], { status: true });
      await t.qemuIo(['-r', '-c', 'read -P 1 0 8k', img], { status: true });
    };
    let oldL2 = 0;
    let freed = 0;
    const make = async (): Promise<void> => {
      // Only the active tree holds the cluster written after the snapshot (and a new copy of the L2 table).
      await createWithSnapshot(t, 'img.qcow2', ['write -q -P 1 0 8k'], ['write -q -P 4 0 4k']);
      oldL2 = await l2TableOffset(t, 'img.qcow2', 0);
      freed = entryOffset(await readEntry(t, 'img.qcow2', oldL2, 0));
    };

    t.banner('a data cluster of the active tree lies far beyond what a refcount table can grow to');
    await make();
    await pokeEntry(t, 'img.qcow2', oldL2, 427, 0x310000000000n);
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await show();

    t.banner('a data cluster of the active tree has no reference to drop (refcount 0): the freed cluster keeps its data');
    await make();
    await pokeEntry(t, 'img.qcow2', oldL2, 189, 0x2b0000n);
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await show();
  },
};
export default test;
