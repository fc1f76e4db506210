// 068: qemu-img check on qcow2 leaks made by poking refcounts: reports, json, exit status 3, -r leaks and -r all.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, entryOffset, l2TableOffset, readEntry, refcount16Offset } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'check', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'leaked clusters are reported and repaired exactly as QEMU does, in human and json output',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const check = (...args: string[]) => t.qemuImg(['check', ...args, img], { status: 'always' });
    for (const cs of ['512', '4k', '64k', '2M']) {
      const bits = ({ '512': 9, '4k': 12, '64k': 16, '2M': 21 } as Record<string, number>)[cs] ?? 16;
      t.banner(`cluster_size=${cs}: an unreferenced cluster with refcount 1`);
      await createQcow2(t, 'img.qcow2', '8M', `cluster_size=${cs}`);
      await t.io(['write -q -P 0x71 0 64k', 'write -q -P 0x72 4M 4k'], { img });
      const end = await t.fileSize('img.qcow2');
      await t.truncate('img.qcow2', end + (2 << bits));
      await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', (end >> bits) + 1), 1, 2);
      await check();
      await check('--output=json');
      await check('-r', 'leaks');
      await check();

      t.banner('a data cluster with refcount 2');
      const l2 = await l2TableOffset(t, 'img.qcow2', 0);
      const data = entryOffset(await readEntry(t, 'img.qcow2', l2, 0));
      await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', data >> bits), 2, 2);
      await check();
      await check('--output=json');

      t.banner('a refcount for a cluster past the end of the image');
      const far = Math.min(((await t.fileSize('img.qcow2')) >> bits) + 3, (1 << (bits - 1)) - 1);
      await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', far), 1, 2);
      await check();

      t.banner('check -r leaks');
      await check('-r', 'leaks');
      await check();
      await t.io(['read -P 0x71 0 64k', 'read -P 0x72 4M 4k'], { img });
    }

    t.banner('check -r all on leaks, and -q');
    await createQcow2(t, 'img.qcow2', '1M', '');
    await t.io(['write -q -P 0x73 0 64k'], { img });
    await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', 5), 1, 2);
    await check('-q');
    await check('-r', 'all');
    await check('-q');
    await check('-r', 'bogus');
    await check('-r', 'leaks', '-r', 'all');
    await check('--output=bogus');
  },
};
export default test;
