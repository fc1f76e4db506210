// 191: applying a qcow2 snapshot gives the disk back the size it had when the snapshot was taken.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, readField } from '../common/qcow2.ts';
import { dropLines } from '../common/filter.ts';

/** Only `qemu-img info`'s virtual size line. */
const sizeLine = dropLines(/^(?!virtual size)/);

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'resize', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'snapshot -a resizes the image to the snapshot\'s disk size first (growing or shrinking), and fails as QEMU 7.2 does when that size is invalid',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const make = async (): Promise<void> => {
      await createQcow2(t, 'img.qcow2', '1M');
      await t.io(['write -q -P 1 0 64k', 'write -q -P 3 960k 64k'], { img });
      await t.qemuImg(['snapshot', '-c', 's1', img]);
    };
    const after = async (): Promise<void> => {
      await t.qemuImg(['info', img], { extraFilters: [sizeLine] });
      await t.io(['read -q -P 1 0 64k', 'read -q -P 3 960k 64k', 'read -q -P 0 64k 64k'], { img, status: true });
      await t.qemuImg(['map', '--output=json', img]);
      await t.qemuImg(['check', img], { status: true });
    };

    t.banner('the image grew after the snapshot');
    await make();
    await t.qemuImg(['resize', img, '3M']);
    await t.io(['write -q -P 2 0 32k', 'write -q -P 4 2M 64k'], { img });
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await after();

    t.banner('the image shrank after the snapshot');
    await make();
    await t.qemuImg(['resize', '--shrink', img, '512k']);
    await t.io(['write -q -P 2 0 32k'], { img });
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await after();

    t.banner('a snapshot whose disk size is not a multiple of 512');
    await make();
    // The disk size is the second field of the snapshot's extra data (8 bytes at 48 in its entry).
    const table = await readField(t, 'img.qcow2', 'snapshots_offset');
    await pokeEntry(t, 'img.qcow2', table, 6, 1000000n);
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await t.qemuImg(['info', img], { extraFilters: [sizeLine] });
    await t.qemuImg(['check', img], { status: true });

    t.banner('a snapshot taken at a larger size than the disk can grow to here');
    await make();
    // (BDRV_MAX_LENGTH + 1 KiB: exact as a double, so both tools quote the same number.)
    await pokeEntry(t, 'img.qcow2', table, 6, 0x7fffffffc0000400n);
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
