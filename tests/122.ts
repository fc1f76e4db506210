// 122: bitmaps left in use by a writer that died: reported as in-use, unusable until removed, skipped or refused by convert.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-io abort leaves bitmaps in use: info shows it, writes no longer touch them, bitmap actions but --remove fail, convert --bitmaps refuses or skips them',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const show = async (name = 't.qcow2') => t.echo(...(await describeBitmaps(t, name)));
    const bitmap = (args: string[]) => t.qemuImg(['bitmap', ...args], { status: true });
    await t.makeTestImg('64M');
    await bitmap(['--add', img, 'live']);
    await bitmap(['--add', img, 'crashed']);
    await bitmap(['--add', '--disable', img, 'parked']);
    await t.io(['write 0 64k']);

    t.banner('a writer dies with the image open');
    await t.io(['write 1M 64k', 'abort'], { filters: [(s) => s.replace(/\s+$/, '')] });
    t.echo('');
    await show();
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await t.checkTestImg();

    t.banner('later writers leave the in-use bitmaps alone');
    await t.io(['write 2M 64k', 'info']);
    await show();

    t.banner('bitmap actions on in-use bitmaps');
    await bitmap(['--clear', img, 'crashed']);
    await bitmap(['--enable', img, 'crashed']);
    await bitmap(['--disable', img, 'parked']);
    await bitmap(['--merge', 'crashed', img, 'live']);
    await bitmap(['--add', img, 'crashed']);
    await bitmap(['--add', img, 'fresh']);
    await bitmap(['--merge', 'fresh', img, 'crashed']);
    await bitmap(['--merge', 'nope', img, 'crashed']);

    t.banner('resizing needs every bitmap usable');
    await t.qemuImg(['resize', img, '128M'], { status: true });
    await t.io(['truncate 32M', 'length']);

    t.banner('convert --bitmaps');
    const out = t.path('out.qcow2');
    await t.qemuImg(['convert', '--bitmaps', '-O', 'qcow2', img, out], { status: true });
    await t.qemuImg(['convert', '--bitmaps', '--skip-broken-bitmaps', '-O', 'qcow2', img, out], { status: true });
    await show('out.qcow2');
    await t.qemuImg(['measure', '-O', 'qcow2', img]);

    t.banner('removing them');
    await bitmap(['--remove', img, 'crashed']);
    await show();
    await bitmap(['--remove', img, 'live']);
    await bitmap(['--remove', img, 'parked']);
    await show();
    await bitmap(['--remove', img, 'fresh']);
    await show();
    await t.qemuImg(['resize', img, '128M'], { status: true });
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await t.checkTestImg();
  },
};
export default test;
