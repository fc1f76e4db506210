// 157: freeing clusters whose refcount block is unusable: QEMU's qcow2_free_clusters only reports the failure, so discards and zero writes still succeed.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'discard', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'a discard or an unmapping zero write over clusters whose refcount block lies past the end of the file reports "qcow2_free_clusters failed" and succeeds, as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    // The refcount table's first entry then names a block 128 MiB into a 384 KiB file: it reads as zeroes, so every decrement underflows.
    const damaged = async (): Promise<void> => {
      await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=64k');
      await t.io(['write -q -P 0x61 0 128k', 'write -q -P 0x62 256k 64k'], { img });
      await pokeEntry(t, 'img.qcow2', await readField(t, 'img.qcow2', 'refcount_table_offset'), 0, 0x7fe0000n);
    };

    t.banner('discard');
    await damaged();
    await t.io(['discard 0 64k', 'read -P 0 0 64k', 'read -P 0x61 64k 64k'], { img, status: true });

    t.banner('write -z -u over a whole cluster, then a partial one');
    await damaged();
    await t.io(['write -z -u 64k 64k', 'write -z -u 256k 4k', 'read -P 0 64k 64k', 'read -P 0 256k 4k', 'read -P 0x62 260k 60k'], { img, status: true });
  },
};
export default test;
