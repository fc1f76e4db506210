// 189: compressed writes keep packing into the host cluster the previous one used, even after that cluster was freed.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'compress', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'where qcow2 puts compressed data after the cluster it was packing into lost its last reference, as QEMU 7.2 does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const layout = async (): Promise<void> => {
      await t.qemuImg(['map', '--output=json', img]);
      await t.qemuImg(['check', img], { status: true });
    };

    t.banner('a compressed cluster overwritten, then another compressed write');
    // The first compressed write leaves the rest of its host cluster for the next one. The
    // overwrite frees that cluster (its data goes to new clusters), and the next data write needs
    // a longer run than that one free cluster; the next compressed write still packs in after
    // the first one's bytes, taking the freed cluster back.
    await createQcow2(t, 'img.qcow2', '3M', 'cluster_size=4096');
    // (All in one qemu-io: the packing position lives only as long as the image is open.)
    await t.io([
      'write -q -P 0x11 1M 4k', 'write -q -c -P 0x77 2M 4k', 'write -q -P 0x27 2M 256k', 'write -q -P 0x29 1200k 64k',
      'write -q -c -P 0x78 512k 4k', 'write -q -P 0x2b 1536k 64k',
    ], { img });
    await layout();
    await t.io(['read -q -P 0x78 512k 4k', 'read -q -P 0x27 2M 256k', 'read -q -P 0x29 1200k 64k', 'read -q -P 0x2b 1536k 64k'], { img, status: true });

    t.banner('the same with 64 KiB clusters and several compressed writes packed first');
    await createQcow2(t, 'img.qcow2', '8M');
    await t.io(['write -q -c -P 1 0 64k', 'write -q -c -P 2 64k 64k', 'write -q -P 3 0 128k', 'write -q -c -P 4 1M 64k', 'write -q -P 5 2M 64k'], { img });
    await layout();
    await t.io(['read -q -P 4 1M 64k', 'read -q -P 3 0 128k', 'read -q -P 5 2M 64k'], { img, status: true });
  },
};
export default test;
