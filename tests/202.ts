// 202: qemu-img check -r all turns a preallocated qcow2 cluster at a misaligned offset into a plain zero cluster, as QEMU 7.2 does.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, l2TableOffset, pokeEntry, readEntry } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'check', 'repair', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'an L2 entry with the zero flag (or, with subclusters, no allocated subcluster) and a host offset that is not cluster aligned is reported; -r all rewrites that one entry as a zero cluster without host cluster (subclusters that were allocated or zero read as zeroes) and counts a repaired corruption; an aligned data entry at a misaligned offset stays an error',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const hex = (v: bigint): string => `0x${v.toString(16)}`;
    for (const extended of [false, true]) {
      t.banner(extended ? 'extended L2 entries' : 'standard L2 entries');
      await createQcow2(t, 'img.qcow2', '1M', `cluster_size=64k${extended ? ',extended_l2=on' : ''}`);
      await t.io(['write -q -P 1 0 64k', 'write -q -P 2 64k 64k', 'write -q -P 3 128k 64k'], { img });
      const l2 = await l2TableOffset(t, 'img.qcow2', 0);
      const stride = extended ? 2 : 1;
      const host = (i: number): Promise<bigint> => readEntry(t, 'img.qcow2', l2, i * stride);
      // Entry 1: preallocated (zero flag / only zero subclusters) at its host offset + 512.
      // Entry 2: data at its host offset + 512 (an error that -r all cannot repair).
      if (extended) {
        await pokeEntry(t, 'img.qcow2', l2, 2, (await host(1)) + 512n);
        await pokeEntry(t, 'img.qcow2', l2, 3, 0x0000ffff00000000n);
        await pokeEntry(t, 'img.qcow2', l2, 4, (await host(2)) + 512n);
      } else {
        await pokeEntry(t, 'img.qcow2', l2, 1, (await host(1)) + 512n + 1n);
        await pokeEntry(t, 'img.qcow2', l2, 2, (await host(2)) + 512n);
      }
      await t.qemuImg(['check', img], { status: true });
      await t.qemuImg(['check', '-r', 'all', img], { status: true });
      for (const i of [1, 2]) {
        const e = await readEntry(t, 'img.qcow2', l2, i * stride);
        t.echo(`L2[${i}] = ${hex(e)}${extended ? ` bitmap ${hex(await readEntry(t, 'img.qcow2', l2, i * stride + 1))}` : ''}`);
      }
      await t.qemuImg(['map', '--output=json', img], { status: true });
    }
  },
};
export default test;
