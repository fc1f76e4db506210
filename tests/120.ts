// 120: qemu-img bitmap: every action, several in one call, and each error text and exit status QEMU gives.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { nodeNameFilter } from '../common/filter.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';


const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-img bitmap --add/--remove/--clear/--enable/--disable/--merge as QEMU 7.2 does them, with its errors',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const bitmap = (args: string[]) => t.qemuImg(['bitmap', ...args], { status: true, extraFilters: [nodeNameFilter] });
    const info = () => t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await t.makeTestImg('64M');

    t.banner('adding bitmaps');
    await bitmap(['--add', img, 'b0']);
    await bitmap(['--add', '-g', '128k', '--disable', img, 'b1']);
    await bitmap(['--add', '-g', '512', img, 'tiny']);
    await bitmap(['--add', '-g', '2G', img, 'huge']);
    await bitmap(['--add', '-g', '0', img, 'default']);
    await info();
    await t.qemuImg(['info', '--output=json', img], { extraFilters: [(s) => s.replace(/"actual-size": \d+/, '"actual-size": SIZE')] });
    t.echo(...(await describeBitmaps(t, 't.qcow2')));

    t.banner('adding errors');
    await bitmap(['--add', img, 'b0']);
    await bitmap(['--add', '-g', '1000', img, 'x']);
    await bitmap(['--add', '-g', '256', img, 'x']);
    await bitmap(['--add', '-g', '4G', img, 'x']);
    await bitmap(['--add', '-g', '6G', img, 'six']);
    await bitmap(['--add', img, '']);
    await bitmap(['--add', img, 'n'.repeat(1024)]);
    await bitmap(['--add', img, 'N'.repeat(1023)]);
    await bitmap(['--remove', img, 'N'.repeat(1023)]);

    t.banner('enable, disable, clear, remove');
    await t.io('write -q 0 1M');
    await bitmap(['--disable', img, 'b0']);
    await bitmap(['--enable', img, 'b1']);
    await bitmap(['--clear', img, 'tiny']);
    await bitmap(['--remove', img, 'huge']);
    await info();
    t.echo(...(await describeBitmaps(t, 't.qcow2')));

    t.banner('missing bitmaps');
    for (const op of ['--remove', '--clear', '--enable', '--disable']) await bitmap([op, img, 'nope']);
    await bitmap(['--merge', 'nope', img, 'b0']);
    await bitmap(['--merge', 'b0', img, 'nope']);

    t.banner('several actions in one call');
    await bitmap(['--add', '--disable', '--merge', 'b1', img, 'm']);
    await bitmap(['--clear', '--enable', '--merge', 'tiny', '--disable', img, 'b1']);
    await bitmap(['--remove', '--add', '-g', '1M', img, 'm']);
    await bitmap(['--add', '--add', img, 'twice']);
    await info();
    t.echo(...(await describeBitmaps(t, 't.qcow2')));

    t.banner('usage errors');
    await bitmap([img, 'b0']);
    await bitmap(['--add', img]);
    await bitmap(['-g', '64k', '--remove', img, 'b0']);
    await bitmap(['-b', img, '--add', img, 'b0']);
    await bitmap(['-F', 'qcow2', '--merge', 'b0', img, 'b1']);
    await bitmap(['--add', '-g', 'x', img, 'b0']);

    t.banner('formats without persistent bitmaps');
    const raw = t.path('r.raw');
    await t.makeTestImg('1M', { img: raw, fmt: 'raw', quiet: true });
    await bitmap(['--add', '-f', 'raw', raw, 'b0']);
    await bitmap(['--remove', '-f', 'raw', raw, 'b0']);
    const v2 = t.path('v2.qcow2');
    await t.makeTestImg('1M', { img: v2, options: 'compat=0.10', quiet: true });
    await bitmap(['--add', v2, 'b0']);

    t.banner('read-only images');
    await bitmap(['--add', '--image-opts', `driver=qcow2,file.filename=${img},read-only=on`, 'ro']);
    await bitmap(['--merge', 'b0', '-b', img, '-F', 'qcow2', img, 'b0']);

    t.banner('final state');
    await t.checkTestImg();
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
  },
};
export default test;
