// 198: refcount updates for absurd host offsets in a qcow2 snapshot's tree land, wrap and fail where QEMU 7.2's do.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createWithSnapshot, entryOffset, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'corrupt', 'auto'],
  formats: ['qcow2'],
  purpose: 'snapshot -a counts the snapshot tree\'s clusters; for an entry far past the file QEMU keeps the refcount table index in 32 bits (the count wraps onto a low cluster), grows the refcount table while the blocks and table entries needed stay within 8 Mi (the image then no longer opens), and fails with EFBIG beyond that without growing',
  async run(t) {
    t.requireNoImgOpts();
    // The last case's image grows to just over 8 TiB (sparse).
    await t.requireSparse(9 * 2 ** 40);
    const img = t.path('img.qcow2');
    /** An image whose snapshot's L2 table gets `entry` at index 71; then snapshot -a and what it left. */
    const apply = async (title: string, entry: bigint): Promise<void> => {
      t.banner(title);
      await createWithSnapshot(t, 'img.qcow2', ['write -q -P 1 0 8k'], ['write -q -P 4 0 4k']);
      const table = await readField(t, 'img.qcow2', 'snapshots_offset');
      const l1 = entryOffset(await readEntry(t, 'img.qcow2', table, 0));
      const l2 = entryOffset(await readEntry(t, 'img.qcow2', l1, 0));
      await pokeEntry(t, 'img.qcow2', l2, 71, entry);
      const before = await t.fileSize('img.qcow2');
      await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
      t.echo(`file grew: ${(await t.fileSize('img.qcow2')) > before}`);
      await t.qemuImg(['check', img], { status: true });
    };

    await apply('a compressed cluster at 3 * 2^56: its two clusters are counted as clusters 0 and 1', 0xff00000000000000n);
    await apply('a data cluster at 2^55 + 20 KiB: counted as cluster 5', 0x0080000000005000n);
    await apply('a data cluster at 0x300000000000: a table of 9.4 Mi entries would be needed', 0x0000300000000000n);
    await apply('a data cluster at 2^43: the refcount table grows past 8 MiB', 0x0000080000000000n);
  },
};
export default test;
