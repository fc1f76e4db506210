// 111: guest writes, zero writes and discards at subcluster granularity on extended-L2 images without a backing file.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { describeExtendedL2, mapImage } from '../common/qcow2-subclusters.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'map', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'partial writes allocate only the touched subclusters; zero bits, discards and block status follow QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const [cs, scs] of [['16k', 512], ['64k', 2048], ['2M', 65536]] as const) {
      const c = scs * 32;
      const at = (clusters: number, subclusters = 0, bytes = 0): string => String(clusters * c + subclusters * scs + bytes);
      t.banner(`cluster_size=${cs}: partial writes into unallocated clusters`);
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', `extended_l2=on,cluster_size=${cs}`, img, String(16 * c)]);
      await t.io([
        `write -P 0x11 ${at(0, 0, scs / 2)} ${scs / 4}`,
        `write -P 0x12 ${at(1, 3)} ${scs * 2}`,
        `write -P 0x13 ${at(2, 31, scs / 2)} ${scs}`,
        `write -P 0x14 ${at(4, 5)} ${c}`,
        `write -P 0x15 ${at(6)} ${c * 2}`,
      ], { img });
      await t.io(['map', `alloc 0 ${16 * c}`], { img });
      await mapImage(t, img, cs, true);
      await mapImage(t, img, cs);
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));

      t.banner(`cluster_size=${cs}: in-place writes into unallocated and zero subclusters`);
      await t.io([
        `write -z ${at(6, 2)} ${scs * 3}`,
        `write -P 0x21 ${at(6, 3, 1)} ${scs / 2}`,
        `write -P 0x22 ${at(0, 1, 7)} 9`,
        `write -P 0x23 ${at(1, 4, scs / 2)} ${scs * 3}`,
      ], { img });
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));

      t.banner(`cluster_size=${cs}: write -z with and without -u, discard`);
      await t.io([
        `write -z ${at(7, 0)} ${scs * 4}`,
        `write -z -u ${at(7, 8)} ${scs * 4}`,
        `write -z ${at(7, 16, 1)} ${scs - 2}`,
        `write -z -u ${at(6)} ${c}`,
        `write -z ${at(8)} ${c + scs}`,
        `write -z ${at(10, 1, scs / 2)} ${scs / 2}`,
        `discard ${at(4, 1)} ${scs}`,
        `discard ${at(4)} ${c}`,
        `discard ${at(12)} ${c}`,
      ], { img });
      await t.io(['map'], { img });
      await mapImage(t, img, cs);
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));

      t.banner(`cluster_size=${cs}: reading back`);
      await t.io([
        `read -P 0 0 ${at(0, 0, scs / 2)}`,
        `read -P 0x11 ${at(0, 0, scs / 2)} ${scs / 4}`,
        `read -P 0x22 ${at(0, 1, 7)} 9`,
        `read -P 0x12 ${at(1, 3)} ${scs}`,
        `read -P 0x23 ${at(1, 4, scs / 2)} ${scs * 3}`,
        `read -P 0x13 ${at(2, 31, scs / 2)} ${scs / 2}`,
        `read -P 0x13 ${at(3)} ${scs / 2}`,
        `read -P 0 ${at(4)} ${c}`,
        `read -P 0 ${at(6)} ${c}`,
        `read -P 0x15 ${at(7, 4)} ${scs * 4}`,
        `read -P 0x14 ${at(5)} ${scs * 5}`,
        `read -P 0 ${at(7, 16, 1)} ${scs - 2}`,
      ], { img });
      await t.checkTestImg({ img });
    }
  },
};
export default test;
