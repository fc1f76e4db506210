// 123: hostile bitmap metadata: QEMU's error for each malformed extension, directory entry and table entry, and the stale-extension warnings.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter, pokeField } from '../common/qcow2.ts';
import { describeBitmaps, pokeBitmapField } from '../common/qcow2-bitmaps.ts';

/** Field pokes, each on a fresh copy of an image with one bitmap holding data. */
const CASES: Array<[string, number | bigint]> = [
  ['ext.length', 16],
  ['ext.reserved', 1],
  ['ext.nb_bitmaps', 0],
  ['ext.nb_bitmaps', 70000],
  ['ext.nb_bitmaps', 2],
  ['ext.directory_offset', 0x50001],
  ['ext.directory_size', 0],
  ['ext.directory_size', 0x4000001],
  ['ext.directory_size', 40],
  ['ext.directory_size', 16],
  ['entry.table_offset', 0],
  ['entry.table_offset', 0x60001],
  ['entry.table_offset', 0x1000000],
  ['entry.table_size', 0],
  ['entry.table_size', 2],
  ['entry.flags', 8],
  ['entry.type', 2],
  ['entry.granularity_bits', 8],
  ['entry.granularity_bits', 32],
  ['entry.name_size', 9],
  ['entry.extra_data_size', 8],
  ['table.0', 1],
  ['table.0', 0x50001],
  ['table.0', 0x50100],
  ['table.0', 0x0100000000000000n],
];

const test: TestDefinition<TestContext> = {
  groups: ['bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'malformed bitmaps extension, directory and bitmap tables fail open with QEMU 7.2 messages; in-use entries are not checked as deeply; stale extensions warn',
  async run(t) {
    t.requireNoImgOpts();
    const base = t.path('base.qcow2');
    const img = t.env.TEST_IMG;
    await t.makeTestImg('64M', { img: base, quiet: true });
    await t.qemuImg(['bitmap', '--add', base, 'b1']);
    await t.io(['write -q 0 64k'], { img: base });
    t.echo(...(await describeBitmaps(t, 'base.qcow2')));
    const fresh = async () => t.writeFile('t.qcow2', await t.readFile('base.qcow2'));

    for (const inUse of [false, true]) {
      for (const [field, value] of CASES) {
        t.banner(`${field} = 0x${value.toString(16)}${inUse ? ', bitmap in use' : ''}`);
        await fresh();
        if (inUse) await pokeBitmapField(t, 't.qcow2', 'entry.flags', 3);
        await pokeBitmapField(t, 't.qcow2', field, value);
        await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter], status: true });
        await t.io(['read -q 0 64k'], { flags: ['-r'], status: true });
        await t.checkTestImg({ status: true });
      }
    }

    t.banner('a bitmap-unaware writer cleared the autoclear bit');
    await fresh();
    await pokeField(t, 't.qcow2', 'autoclear_features', 0);
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
    await t.io(['write -q 0 64k']);
    t.echo('');
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
    await t.checkTestImg({ status: true });
    await t.qemuImg(['check', '-r', 'leaks', img]);

    t.banner('a v2 image with a bitmaps extension');
    await fresh();
    await t.qemuImg(['amend', '-o', 'compat=0.10', img]);
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
    await t.checkTestImg({ status: true });
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await t.io(['write -q 0 64k']);
    t.echo('');
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
    await t.checkTestImg({ status: true });
  },
};
export default test;
