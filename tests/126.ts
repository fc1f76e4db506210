// 126: bitmaps through other image operations: resize, amend to compat=0.10, internal snapshots, commit into a base, qemu-io reopen.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'snapshot', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'resize keeps bitmaps (new size), amend compat=0.10 leaves a stale extension, snapshot apply is refused, commit dirties the base, reopen stores and reloads',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const show = async (name = 't.qcow2') => t.echo(...(await describeBitmaps(t, name)));
    const info = (file = img) => t.qemuImg(['info', file], { extraFilters: [infoDiskSizeFilter] });
    const fresh = async () => {
      await t.makeTestImg('64M', { quiet: true });
      await t.qemuImg(['bitmap', '--add', img, 'b1']);
      await t.qemuImg(['bitmap', '--add', '-g', '512', '--disable', img, 'b2']);
      await t.io(['write -q 0 1M', 'write -q 63M 1M']);
    };

    t.banner('resize');
    await fresh();
    await t.qemuImg(['resize', img, '128M']);
    await show();
    await t.io(['write -q 127M 1M']);
    await show();
    await t.qemuImg(['resize', '--shrink', img, '32M']);
    await show();
    await t.qemuImg(['resize', '--shrink', img, '1000k']);
    await show();
    await t.checkTestImg();

    t.banner('amend to compat=0.10 and back');
    await fresh();
    await t.qemuImg(['amend', '-o', 'compat=0.10', img], { status: true });
    await show();
    await t.qemuImg(['measure', '-O', 'qcow2', img]);
    await t.checkTestImg({ status: true });
    await t.qemuImg(['amend', '-o', 'compat=1.1', img], { status: true });
    await show();
    await info();
    await t.qemuImg(['check', '-r', 'leaks', img]);

    t.banner('internal snapshots');
    await fresh();
    await t.qemuImg(['snapshot', '-c', 's1', img], { status: true });
    await show();
    await t.io(['write -q 2M 64k']);
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await t.qemuImg(['bitmap', '--remove', img, 'b1']);
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await t.qemuImg(['bitmap', '--remove', img, 'b2']);
    await t.qemuImg(['snapshot', '-a', 's1', img], { status: true });
    await t.qemuImg(['bitmap', '--add', img, 'b3']);
    await t.qemuImg(['snapshot', '-d', 's1', img], { status: true });
    await show();
    await t.checkTestImg();

    t.banner('commit into a base with bitmaps');
    await fresh();
    const top = t.path('top.qcow2');
    await t.makeTestImg('64M', { img: top, backing: img, backingFmt: 'qcow2', quiet: true });
    await t.io(['write -q 4M 64k', 'write -q 10M 4k'], { img: top });
    await t.qemuImg(['bitmap', '--add', top, 'topmap']);
    await t.qemuImg(['commit', top]);
    await show();
    await show('top.qcow2');
    await t.checkTestImg();

    t.banner('qemu-io reopen');
    await fresh();
    await t.io(['reopen -r', 'info', 'reopen -w', 'info', 'write -q 8M 64k']);
    await show();
    await t.io(['reopen -w', 'write -q 9M 64k', 'reopen -r', 'info'], { flags: ['-r'] });
    await show();
    await t.checkTestImg();
  },
};
export default test;
