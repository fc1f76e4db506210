// 114: corrupted subcluster bitmaps: qemu-img check reports (and -r all handles) them, qemu-io marks the image corrupt on access.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { describeExtendedL2, pokeBitmap, pokeExtendedEntry } from '../common/qcow2-subclusters.ts';

/** Each case pokes one L2 slot of a fresh image (data at L2 index 0-1, compressed at 2, nothing from 3 on). */
const CASES: Array<[string, number, number, number, string]> = [
  ['allocated and zero bit both set on a data cluster', 0, 0x00000001, 0x00000001, 'read 0 512'],
  ['allocated and zero bits overlap in another subcluster', 1, 0x00000006, 0x00000004, 'read -P 0x22 0x4000 512'],
  ['allocation bits on an unallocated cluster', 5, 0x00000003, 0, 'read 0x14000 512'],
  ['zero bits only on an unallocated cluster (valid)', 6, 0, 0x80000001, 'read -P 0 0x18000 16k'],
  ['bitmap bits on a compressed cluster', 2, 0x00000003, 0, 'read -P 0x33 0x8000 16k'],
  ['zero bits on a compressed cluster', 2, 0, 0x00010000, 'read -P 0x33 0x8000 16k'],
  ['no bits on a data cluster: it reads as unallocated', 1, 0, 0, 'read -P 0 0x4000 16k'],
];

const test: TestDefinition<TestContext> = {
  groups: ['img', 'io', 'qcow2', 'check', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'bitmap corruptions on extended L2 entries get QEMU\'s check messages, exit status and repairs, and EIO on access',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const check = (...args: string[]) => t.qemuImg(['check', ...args, img], { status: 'always' });
    for (const [name, index, alloc, zero, access] of CASES) {
      t.banner(name);
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', 'extended_l2=on,cluster_size=16k', img, '256k']);
      await t.io(['write -q -P 0x11 0 16k', 'write -q -P 0x22 16k 1k', 'write -q -c -P 0x33 32k 16k'], { img });
      await pokeBitmap(t, 'img.qcow2', index, alloc, zero);
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
      await check();
      await check('--output=json');
      await t.io([access], { img, status: true });
      await check('-r', 'all');
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
    }

    t.banner('zero flag (bit 0) of the standard descriptor is not used with extended L2 entries');
    await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', 'extended_l2=on,cluster_size=16k', img, '256k']);
    await t.io(['write -q -P 0x11 0 16k'], { img });
    const l2 = await describeExtendedL2(t, 'img.qcow2');
    await pokeExtendedEntry(t, 'img.qcow2', 0, BigInt(l2[0].split(' ')[2]) | 1n);
    t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
    await check();
    await t.io(['read -P 0x11 0 16k', 'map'], { img });
  },
};
export default test;
