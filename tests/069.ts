// 069: qemu-img check on qcow2 corruptions made by poking metadata: refcounts too low, OFLAG_COPIED, -r all repairs.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, entryOffset, l2TableOffset, OFLAG_COPIED, readEntry, readField, pokeEntry, refcount16Offset } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'check', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'refcount and OFLAG_COPIED corruptions are reported with exit status 2 and repaired by -r all as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const check = (...args: string[]) => t.qemuImg(['check', ...args, img], { status: 'always' });
    const fresh = async (cs: string): Promise<{ l1: number; l2: number; data: number }> => {
      await createQcow2(t, 'img.qcow2', '4M', `cluster_size=${cs}`);
      await t.io(['write -q -P 0x61 0 128k', 'write -q -P 0x62 3M 4k'], { img });
      const l1 = await readField(t, 'img.qcow2', 'l1_table_offset');
      const l2 = await l2TableOffset(t, 'img.qcow2', 0);
      return { l1, l2, data: entryOffset(await readEntry(t, 'img.qcow2', l2, 0)) };
    };
    const verify = () => t.io(['read -P 0x61 0 128k', 'read -P 0x62 3M 4k'], { img });

    for (const [cs, bits] of [['4k', 12], ['64k', 16]] as const) {
      t.banner(`cluster_size=${cs}: a referenced data cluster with refcount 0`);
      let m = await fresh(cs);
      await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', m.data >> bits), 0, 2);
      await check();
      await check('--output=json');
      await check('-r', 'leaks');
      await check('-r', 'all');
      await check();
      await verify();

      t.banner('an L2 table with refcount 0');
      m = await fresh(cs);
      await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', m.l2 >> bits), 0, 2);
      await check();
      await check('-r', 'all');
      await verify();

      t.banner('OFLAG_COPIED cleared in an L2 entry and in the L1 entry');
      m = await fresh(cs);
      await pokeEntry(t, 'img.qcow2', m.l2, 1, (await readEntry(t, 'img.qcow2', m.l2, 1)) & ~OFLAG_COPIED);
      await pokeEntry(t, 'img.qcow2', m.l1, 0, (await readEntry(t, 'img.qcow2', m.l1, 0)) & ~OFLAG_COPIED);
      await check();
      await check('--output=json');
      await check('-r', 'all');
      await check();
      await verify();

      t.banner('OFLAG_COPIED set on a cluster with refcount 2');
      m = await fresh(cs);
      await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', m.data >> bits), 2, 2);
      await check('-r', 'all');
      await check();
    }
  },
};
export default test;
