// 112: extended-L2 overlays over a backing file: copy-on-write inside subclusters, block status through the chain, commit and rebase.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { describeExtendedL2, mapImage } from '../common/qcow2-subclusters.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'backing', 'map', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'unallocated subclusters read from the backing file, COW copies only inside the touched subclusters, map shows depths as QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const base = t.path('base.qcow2');
    const img = t.path('img.qcow2');
    const raw = t.path('img.raw');
    for (const [cs, scs] of [['16k', 512], ['64k', 2048], ['2M', 65536]] as const) {
      const c = scs * 32;
      const at = (clusters: number, subclusters = 0, bytes = 0): string => String(clusters * c + subclusters * scs + bytes);
      t.banner(`cluster_size=${cs}: overlay on a backing file`);
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', 'cluster_size=64k', base, String(8 * c)]);
      await t.io([`write -q -P 0xaa 0 ${4 * c}`, `write -q -z ${4 * c} ${c}`], { img: base });
      await t.qemuImg(['create', '-f', 'qcow2', '-o', `extended_l2=on,cluster_size=${cs}`, '-b', base, '-F', 'qcow2', img]);
      await t.io([
        `write -P 0x01 ${at(0, 1, scs / 4)} ${scs / 4}`,
        `write -z ${at(1)} ${scs * 2}`,
        `write -z ${at(2, 0, 1)} ${scs - 1}`,
        `write -P 0x02 ${at(3, 30)} ${scs * 4}`,
        `write -P 0x03 ${at(4, 2, 3)} 5`,
        `discard ${at(5)} ${c}`,
        `discard ${at(6)} ${c}`,
        `write -z -u ${at(7)} ${c}`,
      ], { img });
      await t.io(['map', `alloc 0 ${8 * c}`], { img });
      await mapImage(t, img, cs, true);
      await mapImage(t, img, cs);
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
      await t.io([
        `read -P 0xaa ${at(0)} ${scs + scs / 4}`,
        `read -P 0x01 ${at(0, 1, scs / 4)} ${scs / 4}`,
        `read -P 0xaa ${at(0, 1, scs / 2)} ${scs / 2}`,
        `read -P 0 ${at(1)} ${scs * 2}`,
        `read -P 0xaa ${at(1, 2)} ${scs}`,
        `read -P 0xaa ${at(2)} 1`,
        `read -P 0 ${at(2, 0, 1)} ${scs - 1}`,
        `read -P 0x02 ${at(3, 30)} ${scs * 4}`,
        `read -P 0 ${at(4, 2)} 3`,
        `read -P 0x03 ${at(4, 2, 3)} 5`,
        `read -P 0 ${at(5)} ${c * 3}`,
      ], { img });
      await t.checkTestImg({ img });

      t.banner(`cluster_size=${cs}: convert, commit and rebase`);
      await t.qemuImg(['convert', '-O', 'raw', img, raw]);
      await t.qemuImg(['compare', img, raw]);
      await t.qemuImg(['commit', img]);
      await t.qemuImg(['compare', base, raw]);
      await t.checkTestImg({ img: base });
      await t.qemuImg(['rebase', '-u', '-b', '', img]);
      await mapImage(t, img, cs);
      await t.checkTestImg({ img });
    }
  },
};
export default test;
