// 115: internal snapshots and resizing on extended-L2 images: shared clusters are copied whole-subcluster-range, bitmaps survive.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { describeExtendedL2, mapImage } from '../common/qcow2-subclusters.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'resize', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'snapshot create/apply/delete, writes over shared subclusters and resize/shrink/preallocation behave as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const [cs, scs] of [['16k', 512], ['64k', 2048], ['2M', 65536]] as const) {
      const c = scs * 32;
      t.banner(`cluster_size=${cs}: writes over clusters shared with a snapshot`);
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', `extended_l2=on,cluster_size=${cs}`, img, String(16 * c)]);
      await t.io([
        `write -P 0x11 0 ${c + scs * 8}`, `write -P 0x12 ${2 * c + scs * 4} ${scs / 2}`, `write -P 0x13 ${2 * c + scs * 20} ${scs}`,
        `write -z ${4 * c} ${scs * 2}`, `write -P 0x14 ${5 * c + scs * 3} ${scs * 3}`,
      ], { img });
      await t.qemuImg(['snapshot', '-c', 's1', img]);
      await t.io([
        `write -P 0x21 ${scs * 2 + 1} 10`, `write -P 0x22 ${2 * c + scs * 10} ${scs}`, `write -P 0x23 ${4 * c + scs} ${scs / 2}`,
        `write -z ${5 * c + scs * 4} ${scs}`, `discard ${c} ${c}`, `write -P 0x24 ${c + scs * 31 + 5} ${scs}`,
      ], { img });
      await mapImage(t, img, cs);
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
      await t.checkTestImg({ img });
      await t.qemuImg(['snapshot', '-a', 's1', img]);
      await mapImage(t, img, cs);
      await t.io([
        `read -P 0x11 0 ${c + scs * 8}`, `read -P 0x12 ${2 * c + scs * 4} ${scs / 2}`, `read -P 0 ${2 * c + scs * 10} ${scs}`,
        `read -P 0x13 ${2 * c + scs * 20} ${scs}`, `read -P 0 ${4 * c} ${c}`, `read -P 0x14 ${5 * c + scs * 3} ${scs * 3}`,
      ], { img });
      await t.qemuImg(['snapshot', '-d', 's1', img]);
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
      await t.checkTestImg({ img });

      t.banner(`cluster_size=${cs}: resize`);
      await t.qemuImg(['resize', img, String(32 * c)]);
      await t.qemuImg(['resize', '--shrink', img, String(2 * c + scs * 5)]);
      await mapImage(t, img, cs);
      await t.qemuImg(['resize', '--preallocation=metadata', img, String(4 * c)]);
      await t.qemuImg(['resize', '--preallocation=falloc', img, String(5 * c + scs * 3)]);
      await mapImage(t, img, cs);
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
      await t.io([`read -P 0x11 0 ${c + scs * 8}`, `read -P 0 ${3 * c} ${2 * c}`], { img });
      await t.checkTestImg({ img });
    }
  },
};
export default test;
