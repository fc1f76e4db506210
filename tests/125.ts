// 125: qemu-img convert --bitmaps and measure with bitmaps: what is copied, the errors for unsuitable sources and targets, the "bitmaps size" line.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'convert --bitmaps copies persistent bitmaps (enabled state, granularity, bits) to a qcow2 target; measure reports their size',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const out = t.path('out.qcow2');
    const convert = (args: string[]) => t.qemuImg(['convert', ...args], { status: true });
    await t.makeTestImg('64M');
    await t.qemuImg(['bitmap', '--add', img, 'first']);
    await t.qemuImg(['bitmap', '--add', '-g', '512', img, 'fine']);
    await t.qemuImg(['bitmap', '--add', '-g', '8M', '--disable', img, 'coarse']);
    await t.io(['write -q 0 1M', 'write -q 32M 4k']);
    await t.qemuImg(['bitmap', '--enable', img, 'coarse']);
    await t.io(['write -q 60M 64k']);
    t.echo(...(await describeBitmaps(t, 't.qcow2')));

    t.banner('measure');
    await t.qemuImg(['measure', '-O', 'qcow2', img]);
    await t.qemuImg(['measure', '--output=json', '-O', 'qcow2', img]);
    await t.qemuImg(['measure', '-O', 'qcow2', '-o', 'cluster_size=4k', img]);
    await t.qemuImg(['measure', '-O', 'qcow2', '-o', 'compat=0.10', img]);
    await t.qemuImg(['measure', '-O', 'raw', img]);
    await t.qemuImg(['measure', '-O', 'qcow2', '--size', '64M']);

    t.banner('convert --bitmaps to qcow2');
    await convert(['--bitmaps', '-O', 'qcow2', img, out]);
    await t.qemuImg(['info', out], { extraFilters: [infoDiskSizeFilter] });
    t.echo(...(await describeBitmaps(t, 'out.qcow2')));
    await t.qemuImg(['check', out]);
    await t.qemuImg(['compare', img, out]);

    t.banner('to other cluster sizes');
    await convert(['--bitmaps', '-O', 'qcow2', '-o', 'cluster_size=512', img, out]);
    t.echo(...(await describeBitmaps(t, 'out.qcow2')));
    await convert(['--bitmaps', '-c', '-O', 'qcow2', '-o', 'cluster_size=2M', img, out]);
    t.echo(...(await describeBitmaps(t, 'out.qcow2')));

    t.banner('without --bitmaps nothing is copied');
    await convert(['-O', 'qcow2', img, out]);
    t.echo(...(await describeBitmaps(t, 'out.qcow2')));

    t.banner('unsuitable sources and targets');
    const raw = t.path('r.raw');
    await convert(['--bitmaps', '-O', 'raw', img, raw]);
    await convert(['--bitmaps', '-O', 'qcow2', '-o', 'compat=0.10', img, out]);
    await convert(['--bitmaps', '-O', 'qcow2', '-f', 'raw', raw, out]);
    await convert(['--bitmaps', '-O', 'qcow2', img, img, out]);
    await convert(['--skip-broken-bitmaps', '-O', 'qcow2', img, out]);
    await t.makeTestImg('64M', { img: out, quiet: true });
    await t.qemuImg(['bitmap', '--add', out, 'fine']);
    await convert(['--bitmaps', '-n', '-O', 'qcow2', img, out]);
    t.echo(...(await describeBitmaps(t, 'out.qcow2')));
  },
};
export default test;
