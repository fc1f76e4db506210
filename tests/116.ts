// 116: extended L2 with an external data file, discard=unmap, and where a request's new clusters land after an in-place write.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { describeExtendedL2, mapImage } from '../common/qcow2-subclusters.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'map', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'data files and discard=unmap on extended-L2 images, and contiguous allocation after in-place clusters, as QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const ops = ['write -q -P 1 1k 1k', 'write -q -P 2 64k 4k', 'write -q -z 128k 2k', 'write -q -z -u 192k 64k', 'discard -q 256k 64k', 'write -q -P 3 300k 1k', 'map'];
    for (const raw of ['off', 'on']) {
      t.banner(`external data file, data_file_raw=${raw}`);
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', `extended_l2=on,cluster_size=64k,data_file=${t.path(`data-${raw}.raw`)},data_file_raw=${raw}`, img, '1M']);
      await t.io(ops, { img });
      t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
      await t.qemuImg(['map', '--output=json', img]);
      await t.checkTestImg({ img });
      await t.io(['read -P 1 1k 1k', 'read -P 0 2k 62k', 'read -P 2 64k 4k', 'read -P 0 128k 172k', 'read -P 3 300k 1k'], { img });
    }

    t.banner('discard=unmap');
    await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', 'extended_l2=on,cluster_size=16k', img, '1M']);
    await t.io(['write -q -P 1 0 64k', 'discard 4k 16k', 'discard 16k 32k', 'write -z -u 0 4k'], { img });
    await t.qemuImg(['map', '--output=json', img]);
    await t.qemuIo(['-c', `open -o driver=qcow2,discard=unmap,file.filename=${img}`, '-c', 'write -q -P 5 64k 64k', '-c', 'discard 64k 16k',
      '-c', 'write -z -u 96k 16k', '-c', 'write -z -u 80k 1k']);
    await t.qemuImg(['map', '--output=json', img]);
    t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
    await t.checkTestImg({ img });

    for (const [o, cs] of [['off', '64k'], ['on', '64k'], ['on', '2M']] as const) {
      t.banner(`extended_l2=${o} cluster_size=${cs}: a write over an in-place cluster and a freed one`);
      const c = cs === '2M' ? 2 << 20 : 64 << 10;
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', `extended_l2=${o},cluster_size=${cs}`, img, String(16 * c)]);
      await t.io([`write -q -P 1 0 ${3 * c}`, `write -q -z -u ${c} ${c}`, `write -q -P 2 ${2 * c} ${2 * c}`, `write -q -P 3 ${c + 5} 5`,
        `write -q -P 4 ${6 * c - 7} ${c + 14}`, `write -q -P 5 ${5 * c} ${3 * c}`], { img });
      await mapImage(t, img, cs);
      if (o === 'on') t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
      await t.checkTestImg({ img });
    }
  },
};
export default test;
