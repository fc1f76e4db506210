// 076: qcow2 compat=0.10 (v2) specifics: no zero clusters, zero writes and discards with and without a backing file.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, l2TableOffset, readEntry } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'zero', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'v2 images, which have no zero flag, handle zero writes and discards exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const l2dump = async (n: number): Promise<void> => {
      const l2 = await l2TableOffset(t, 'img.qcow2', 0);
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(l2 === 0 ? '-' : (await readEntry(t, 'img.qcow2', l2, i)).toString(16));
      t.echo(`L2 entries: ${out.join(' ')}`);
    };
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'compat=0.10', t.path('base.qcow2'), '1M']);
    await t.io('write -q -P 0xee 0 1M', { img: t.path('base.qcow2') });

    for (const backing of [false, true]) {
      t.banner(backing ? 'v2 overlay on a v2 base' : 'v2 image without backing file');
      await createQcow2(t, 'img.qcow2', '1M', `compat=0.10,cluster_size=64k${backing ? ',backing_file=base.qcow2,backing_fmt=qcow2' : ''}`);
      await t.io(['write -q -P 0x31 0 256k'], { img });
      await l2dump(8);
      await t.io(['write -z 0 64k', 'write -z -u 64k 64k', 'write -z 130k 4k', 'write -z 256k 64k', 'write -z -u 320k 64k'], { img, status: true });
      await l2dump(8);
      await t.io(['read -v 0 8', 'read -v 64k 8', 'read -v 130k 8', 'read -v 256k 8', 'read -v 320k 8', 'read -P 0x31 192k 64k'], { img });
      await t.io(['discard 192k 64k', 'discard 384k 64k', 'read -v 192k 8', 'read -v 384k 8'], { img, status: true });
      await l2dump(8);
      await t.io(['map'], { img });
      await t.qemuImg(['map', '--output=json', img]);
      await t.qemuImg(['check', img], { status: true });
    }

    t.banner('v2 images do not record the dirty or corrupt bits');
    await createQcow2(t, 'img.qcow2', '1M', 'compat=0.10');
    await t.io(['write -q -P 0x32 0 64k'], { img });
    await t.pokeBE('img.qcow2', 72, 3n, 8);
    await t.io(['read -P 0x32 0 64k', 'write -P 0x33 64k 4k'], { img, status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
