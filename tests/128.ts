// 128: bitmaps on images with other features (extended L2, external data file, 1- and 64-bit refcounts) and through qemu-io truncate, open and close.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'bitmaps track writes the same on images with extended L2 entries, a data file or unusual refcount widths; qemu-io truncate resizes them and open/close store and reload them',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const show = async () => t.echo(...(await describeBitmaps(t, 't.qcow2')));
    const variants = ['extended_l2=on', `data_file=${t.path('t.data')}`, 'refcount_bits=1', 'cluster_size=4k,refcount_bits=64'];
    for (const opts of variants) {
      t.banner(opts.replace(t.env.TEST_DIR, 'TEST_DIR'));
      await t.makeTestImg('64M', { options: opts, quiet: true });
      await t.qemuImg(['bitmap', '--add', img, 'b1']);
      await t.qemuImg(['bitmap', '--add', '-g', '512', img, 'b2']);
      await t.io(['write -q 0 100k', 'write -q -z 1M 64k', 'discard -q 2M 64k', 'write -q -c 3M 64k']);
      await show();
      await t.checkTestImg();
    }

    t.banner('qemu-io truncate');
    await t.makeTestImg('64M', { quiet: true });
    await t.qemuImg(['bitmap', '--add', img, 'b1']);
    await t.io(['write -q 0 64k', 'truncate 128M', 'write -q 100M 64k', 'info']);
    await show();
    await t.io(['truncate 32M', 'write -q 31M 64k']);
    await show();
    await t.checkTestImg();

    t.banner('qemu-io close and open');
    await t.io(['write -q 1M 4k', 'close', 'open -r ' + img, 'info', 'close', 'open ' + img, 'write -q 2M 4k', 'info']);
    await show();
    await t.checkTestImg();
  },
};
export default test;
