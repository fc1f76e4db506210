// 091: qemu-io write -c edge cases on qcow2: alignment, the image's partial last cluster, overwrites, overlays and v2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'compress', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'compressed writes are accepted, refused and laid out exactly where QEMU accepts, refuses and lays them out',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const map = () => t.qemuImg(['map', '--output=json', img]);

    t.banner('alignment: whole clusters only');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4k');
    await t.io(['write -c -P 1 0 2k', 'write -c -P 1 2k 4k', 'write -c -P 1 512 4k', 'write -c -P 1 4k 6k', 'write -c -P 1 8k 8k'], { img, status: true });
    await map();

    t.banner('the partial last cluster of an image');
    await createQcow2(t, 'img.qcow2', '1000k', 'cluster_size=64k');
    await t.io(['write -c -P 2 960k 40k', 'write -c -P 3 896k 64k', 'read -P 2 960k 40k', 'read -P 3 896k 64k'], { img, status: true });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('compressed writes over allocated, zero and compressed clusters');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4k');
    await t.io(['write -q -P 4 0 16k', 'write -q -z 16k 4k', 'write -q -c -P 5 20k 4k'], { img });
    await t.io(['write -c -P 6 0 4k', 'write -c -P 7 16k 4k', 'write -c -P 8 20k 4k'], { img, status: true });
    await t.io(['read -P 6 0 4k', 'read -P 4 4k 12k', 'read -P 7 16k 4k', 'read -P 8 20k 4k'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('incompressible data is stored uncompressed');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4k');
    const noise = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = x >> 16;
    }
    await t.writeFile('noise.bin', noise);
    await t.qemuImg(['convert', '-c', '-f', 'raw', '-O', 'qcow2', '-o', 'cluster_size=4k', t.path('noise.bin'), img], { status: true });
    await map();
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['compare', '-f', 'raw', t.path('noise.bin'), img], { status: true });

    t.banner('compressed writes into an overlay and into a v2 image');
    await t.qemuImg(['create', '-f', 'qcow2', t.path('base.qcow2'), '1M']);
    await t.io('write -q -P 9 0 1M', { img: t.path('base.qcow2') });
    await createQcow2(t, 'img.qcow2', '', 'cluster_size=4k,backing_file=base.qcow2,backing_fmt=qcow2');
    await t.io(['write -c -P 10 8k 8k', 'read -P 9 0 8k', 'read -P 10 8k 8k', 'read -P 9 16k 16k'], { img, status: true });
    await map();
    await createQcow2(t, 'img.qcow2', '1M', 'compat=0.10,cluster_size=4k');
    await t.io(['write -c -P 11 0 8k', 'read -P 11 0 8k'], { img, status: true });
    await map();
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
