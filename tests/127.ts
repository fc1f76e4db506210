// 127: bitmap granularities: defaults per cluster size, multi-cluster bitmap tables, merges across granularities and files.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'default granularity follows the cluster size (4k..64k); big bitmaps span several clusters; --merge converts granularity and reads other files',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const bitmap = (args: string[]) => t.qemuImg(['bitmap', ...args], { status: true });

    t.banner('default granularity by cluster size');
    for (const cs of ['512', '4k', '64k', '2M']) {
      const name = `c${cs}.qcow2`;
      await t.makeTestImg('16M', { img: t.path(name), options: `cluster_size=${cs}`, quiet: true });
      await bitmap(['--add', t.path(name), 'def']);
      await t.io(['write -q 1M 8k'], { img: t.path(name) });
      t.echo(`cluster_size=${cs}`, ...(await describeBitmaps(t, name)));
    }

    t.banner('a bitmap spread over many clusters');
    await t.makeTestImg('256M', { options: 'cluster_size=512' });
    await bitmap(['--add', '-g', '512', img, 'fine']);
    await t.io(['write -q 0 64k', 'write -q 100M 4k', 'write -z -q 200M 1M', 'write -q 255M 1M']);
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
    await t.checkTestImg();
    await t.qemuImg(['measure', '-O', 'qcow2', img]);

    t.banner('merging across granularities');
    await t.makeTestImg('64M');
    await bitmap(['--add', '-g', '512', img, 'fine']);
    await bitmap(['--add', '-g', '1M', '--disable', img, 'coarse']);
    await bitmap(['--add', '--disable', img, 'mid']);
    await t.io(['write -q 3M 512', 'write -q 40M 3k']);
    await bitmap(['--merge', 'fine', img, 'coarse']);
    await bitmap(['--merge', 'coarse', img, 'mid']);
    t.echo(...(await describeBitmaps(t, 't.qcow2')));

    t.banner('merging from another file');
    const other = t.path('other.qcow2');
    await t.makeTestImg('64M', { img: other, quiet: true });
    await bitmap(['--add', '-g', '4k', other, 'src']);
    await t.io(['write -q 20M 12k'], { img: other });
    await bitmap(['--merge', 'src', '-b', other, '-F', 'qcow2', img, 'mid']);
    await bitmap(['--merge', 'src', '-b', other, img, 'fine']);
    await bitmap(['--merge', 'nope', '-b', other, img, 'fine']);
    await bitmap(['--merge', 'src', '-b', other, '-F', 'raw', img, 'fine']);
    t.echo(...(await describeBitmaps(t, 't.qcow2')));

    t.banner('sizes must match');
    const small = t.path('small.qcow2');
    await t.makeTestImg('32M', { img: small, quiet: true });
    await bitmap(['--add', small, 'src']);
    await bitmap(['--merge', 'src', '-b', small, img, 'mid']);
    await t.checkTestImg();
  },
};
export default test;
