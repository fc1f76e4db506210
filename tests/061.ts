// 061: qcow2 zero clusters and discard: write -z, write -z -u, discard, on v2 and v3, with and without a backing file.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'zero', 'discard', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'zero writes and discards leave the right clusters zero, unallocated or allocated, as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const state = async (): Promise<void> => {
      await t.io(['map', 'alloc 0 1M'], { img });
      await t.qemuImg(['map', '--output=json', img]);
    };
    await t.qemuImg(['create', '-f', 'qcow2', t.path('base.qcow2'), '1M']);
    await t.io('write -q -P 0xbb 0 1M', { img: t.path('base.qcow2') });

    for (const compat of ['1.1', '0.10']) {
      for (const backing of [false, true]) {
        t.banner(`compat=${compat}${backing ? ' over a backing file' : ''}`);
        const b = backing ? ',backing_file=base.qcow2,backing_fmt=qcow2' : '';
        await createQcow2(t, 'img.qcow2', '1M', `compat=${compat},cluster_size=64k${b}`);
        await t.io(['write -q -P 0x11 0 512k'], { img });
        t.echo('-- write -z: whole clusters, a partial cluster, unallocated clusters');
        await t.io(['write -z 0 128k', 'write -z 200k 8k', 'write -z 768k 128k'], { img, status: true });
        await t.io(['read -P 0 0 128k', 'read -P 0x11 128k 72k', 'read -P 0 200k 8k', 'read -P 0x11 208k 304k', 'read -v 768k 16'], { img });
        await state();
        t.echo('-- write -z -u (may unmap)');
        await t.io(['write -z -u 256k 128k', 'write -z -u 520k 8k'], { img, status: true });
        await t.io(['read -P 0 256k 128k', 'read -P 0x11 384k 128k', 'read -v 512k 16', 'read -v 520k 16'], { img });
        await state();
        t.echo('-- discard');
        await t.io(['discard 384k 64k', 'discard 450k 20k', 'discard 0 64k'], { img, status: true });
        await t.io(['read -v 384k 16', 'read -v 448k 16', 'read -v 0 16'], { img });
        await state();
        await t.qemuImg(['check', img], { status: true });
      }
    }
  },
};
export default test;
