// 171: qcow2 zero writes with -n (no fallback) fail with ENOTSUP where only explicit zeroes would do; growing an image with a raw data file maps the new clusters.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'zero', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'write -z -n on partial qcow2 clusters and truncate of data_file_raw images match QEMU 7.2',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const fresh = async () => {
      await createQcow2(t, 'img.qcow2', '16M');
      await t.io(['write -q -P 0x5a 0 64k', 'write -q -z 128k 64k'], { img });
    };

    t.banner('partial clusters holding data: no fallback, nothing written');
    for (const cmd of ['write -n -z 0 512', 'write -n -z 1000 100', 'write -n -z -u 0 512', 'write -n -z 32k 64k']) {
      await fresh();
      await t.io([cmd, 'read -P 0x5a 0 64k', 'map'], { img, status: true });
    }

    t.banner('partial clusters that already read as zeroes, and whole clusters');
    await fresh();
    await t.io(['write -n -z 0 64k', 'write -n -z 64k 512', 'write -n -z 128k 512', 'write -n -z 64k 65k', 'write -n -z 16777215 1', 'map'], { img, status: true });

    t.banner('growing an image whose data file is raw');
    for (const mode of ['', '-m metadata', '-m falloc']) {
      await createQcow2(t, 'img.qcow2', '1M', `data_file=${t.path('data.raw')},data_file_raw=on`);
      await t.io(['write -q -P 1 0 4k', `truncate ${mode} 2M`.replace('  ', ' '), 'map', 'read -P 0 1M 1M'], { img, status: true });
      await t.qemuImg(['map', '--output=json', img], { status: true });
    }
  },
};
export default test;
