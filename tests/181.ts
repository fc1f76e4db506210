// 181: qcow2 metadata pointing past 2^53: writes there fail with EFBIG and land nowhere else; map prints such host offsets exactly.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, pokeField, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'offsets no file can reach: QEMU 7.2\'s errors, no stray write at another offset, exact numbers in map',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');

    t.banner('an L1 table past 2^53: the write that must update it fails with EFBIG');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
    await t.io(['write -q -P 1 0 4k'], { img });
    await pokeField(t, 'img.qcow2', 'l1_table_offset', 0x00ff000000030000n);
    await t.io(['write -P 9 512k 8k', 'read -P 9 512k 8k', 'read -P 0 0 4k'], { img, status: true });
    await t.qemuImg(['check', img], { status: true });

    t.banner('a data cluster mapped past 2^53: map prints its offset exactly; a write into it fails');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
    await t.io(['write -q -P 1 100k 4k'], { img });
    const l1 = await readField(t, 'img.qcow2', 'l1_table_offset');
    const l2 = Number((await readEntry(t, 'img.qcow2', l1, 0)) & 0x00fffffffffffe00n);
    await pokeEntry(t, 'img.qcow2', l2, 25, 0x80c9000000005000n);
    await t.qemuImg(['map', '--output=json', img], { status: true });
    await t.io(['write -P 2 100k 4k', 'read 100k 4k'], { img, status: true });
  },
};
export default test;
