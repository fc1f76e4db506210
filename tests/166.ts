// 166: after the silent repair of a dirty lazy-refcounts image, the clusters the repair freed are the first reused; snapshots keep an L2 entry's reserved bits.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'snapshot -c and bitmap --add on a crashed lazy-refcounts image place their clusters where QEMU 7.2 does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const hostMap = () => t.qemuImg(['map', '-f', 'raw', '--output=json', img], { status: true });
    const crashed = async (): Promise<void> => {
      await createQcow2(t, 'img.qcow2', '1M', 'lazy_refcounts=on');
      const r = await t.io(['write -q 0 64k', 'write -q -c 128k 64k', 'sigraise 9'], { img, capture: true });
      t.echo(`qemu-io killed: exit status ${r.status}`);
    };

    for (const [what, args] of [['snapshot -c', ['snapshot', '-c', 's', img]], ['bitmap --add', ['bitmap', '--add', img, 'b']]] as const) {
      t.banner(`${what} on a crashed image`);
      await crashed();
      await t.qemuImg([...args], { status: true });
      await hostMap();
      await t.qemuImg(['check', img], { status: true });
    }

    t.banner('snapshot -c and -d flip only COPIED in L2 entries: reserved bits stay (and stay reported)');
    await createQcow2(t, 'img.qcow2', '1M');
    await t.io(['write -q -P 0x5a 0 64k'], { img });
    // Guest cluster 0's L2 entry (L2 table at 0x40000) gets reserved bit 4.
    await t.pokeBE('img.qcow2', 0x40000, 0x8000000000050010n, 8);
    await t.qemuImg(['snapshot', '-c', 's', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['snapshot', '-d', 's', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
