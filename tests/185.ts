// 185: a qcow2 image whose bitmaps autoclear bit is set without a bitmaps extension: QEMU's overlap check then refuses every metadata write.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'the empty bitmap directory range QEMU 7.2 checks writes against, and the errors each operation then reports',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const nodeName = (text: string) => text.replace(/'#block\d+'/g, "'#blockNNN'");

    /** A v3 image with data and one snapshot, then only the bitmaps autoclear bit set. */
    const prepare = async () => {
      await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4096');
      await t.io(['write -q -P 1 0 8k'], { img });
      await t.qemuImg(['snapshot', '-c', 's1', img]);
      await t.io(['write -q -P 2 0 4k'], { img });
      await pokeField(t, 'img.qcow2', 'autoclear_features', 1);
    };

    t.banner('reads work; the first write is refused and the image is marked corrupt');
    await prepare();
    await t.io(['read -P 2 0 4k', 'write -P 3 64k 4k', 'read -P 2 0 4k'], { img, status: true });
    await t.qemuImg(['check', img], { status: true });

    t.banner('snapshot operations');
    for (const args of [['-c', 's2'], ['-a', 's1'], ['-d', 's1']]) {
      await prepare();
      await t.qemuImg(['snapshot', ...args, img], { status: true });
    }

    t.banner('adding a bitmap: lost at close, and the refcount cache cannot be written');
    await prepare();
    await t.qemuImg(['bitmap', '--add', img, 'b0'], { status: true, extraFilters: [nodeName] });

    t.banner('check -r all leaves the bit alone');
    await prepare();
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.io(['write -P 3 64k 4k'], { img, status: true });
  },
};
export default test;
