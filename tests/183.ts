// 183: qemu-img check on L1/L2 entries that are odd but not empty: flag-only L1 entries, misaligned tables in the COPIED pass, compressed entries with COPIED set.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'which L1/L2 entries check walks, where it reads them, and how its COPIED repairs write back',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const l1 = async () => readField(t, 'img.qcow2', 'l1_table_offset');
    const l2Of = async (index: number) => Number((await readEntry(t, 'img.qcow2', await l1(), index)) & 0x00fffffffffffe00n);

    t.banner('an L1 entry holding only a reserved bit: offset 0, so the header is read as an L2 table');
    await createQcow2(t, 'img.qcow2', '16M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 4k'], { img });
    await pokeEntry(t, 'img.qcow2', await l1(), 1, 1n);
    await t.qemuImg(['check', img], { status: true });

    t.banner('an L1 entry holding only COPIED: the same walk');
    await createQcow2(t, 'img.qcow2', '16M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 4k'], { img });
    await pokeEntry(t, 'img.qcow2', await l1(), 1, 0x8000000000000000n);
    await t.qemuImg(['check', img], { status: true });

    t.banner('COPIED pass: an L2 table and a data cluster at misaligned offsets past the end of the file');
    await createQcow2(t, 'img.qcow2', '16M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 4k'], { img });
    await pokeEntry(t, 'img.qcow2', await l1(), 2, 0x80000000f0000200n);
    await pokeEntry(t, 'img.qcow2', await l2Of(0), 5, 0x80000000f0000200n);
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['check', '-r', 'all', img], { status: true });

    t.banner('a compressed entry with COPIED set: the exact offset and byte count QEMU derives');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
    await t.io(['write -q -c -P 3 0 4k'], { img });
    const l2 = await l2Of(0);
    const e = await readEntry(t, 'img.qcow2', l2, 0);
    await pokeEntry(t, 'img.qcow2', l2, 0, e | 0x8000000000000000n);
    await pokeEntry(t, 'img.qcow2', l2, 1, 0x40ffffff000000c3n | (3n << 58n));
    await t.qemuImg(['check', img], { status: true });

    t.banner('taking a snapshot clears COPIED on a compressed entry');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
    await t.io(['write -q -c -P 3 0 4k'], { img });
    const cl2 = await l2Of(0);
    await pokeEntry(t, 'img.qcow2', cl2, 0, (await readEntry(t, 'img.qcow2', cl2, 0)) | 0x8000000000000000n);
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await t.qemuImg(['check', img], { status: true });

    t.banner('an L2 table that overlaps the active L1 table: the COPIED repair stops the check');
    await createQcow2(t, 'img.qcow2', '16M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 4k'], { img });
    const l1Offset = await l1();
    // The second L1 entry names the L1 table's own cluster as its L2 table, without COPIED.
    await pokeEntry(t, 'img.qcow2', l1Offset, 1, BigInt(l1Offset));
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
