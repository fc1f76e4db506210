// 124: qemu-img check counts the bitmap directory, tables and data clusters; damaged refcounts of bitmap clusters and their repair.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { nodeNameFilter } from '../common/filter.ts';
import { refcount16Offset } from '../common/qcow2.ts';
import { describeBitmaps, readStoredBitmaps } from '../common/qcow2-bitmaps.ts';


const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'bitmap clusters are referenced in qemu-img check; wrong refcounts on them are leaks or errors QEMU reports and -r repairs',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const base = t.path('base.qcow2');
    const check = (args: string[] = []) => t.qemuImg(['check', ...args, img], { status: true, extraFilters: [nodeNameFilter] });
    await t.makeTestImg('64M', { img: base, quiet: true });
    await t.qemuImg(['bitmap', '--add', base, 'b1']);
    await t.qemuImg(['bitmap', '--add', '-g', '4k', base, 'b2']);
    await t.io(['write -q 0 1M', 'write -q 8M 64k'], { img: base });
    const fresh = async () => t.writeFile('t.qcow2', await t.readFile('base.qcow2'));
    await fresh();
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
    const stored = (await readStoredBitmaps(t, 't.qcow2'))!;
    const cs = 65536;
    const b1 = stored.entries[0]!;
    const b2 = stored.entries[1]!;
    const b1Data = Number((await t.peek('t.qcow2', b1.tableOffset, 8)).reduce((v, x) => v * 256 + x, 0)) & ~0x1ff;
    const setRefcount = async (offset: number, value: number) =>
      t.pokeBE('t.qcow2', await refcount16Offset(t, 't.qcow2', offset / cs), value, 2);

    t.banner('an image with bitmaps checks clean');
    await check();
    await check(['--output=json']);

    // Mode 'none' is a qemu-io write instead of a repair. Errors left unrepaired make the bitmaps
    // stored at close land on clusters the refcounts call free: QEMU's overlap check or its damage.
    const cases: Array<[string, number, number, string[]]> = [
      ['bitmap directory refcount 0', stored.directoryOffset, 0, ['leaks', 'all', 'none']],
      ['bitmap table refcount 2', b2.tableOffset, 2, ['leaks', 'all']],
      ['bitmap data cluster refcount 0', b1Data, 0, ['leaks', 'all', 'none']],
      ['bitmap data cluster refcount 3', b1Data, 3, ['leaks', 'all']],
    ];
    for (const [what, offset, value, modes] of cases) {
      for (const mode of modes) {
        t.banner(`${what}, ${mode === 'none' ? 'a write' : `check -r ${mode}`}`);
        await fresh();
        await setRefcount(offset, value);
        await check();
        if (mode !== 'none') await check(['-r', mode]);
        else await t.io(['write -q 30M 64k'], { extraFilters: [nodeNameFilter] });
        await check();
        t.echo(...(await describeBitmaps(t, 't.qcow2')));
      }
    }

    t.banner('a data cluster shared by two bitmap tables');
    await fresh();
    await t.pokeBE('t.qcow2', b2.tableOffset, b1Data, 8);
    await check();
    await check(['-r', 'all']);
    t.echo(...(await describeBitmaps(t, 't.qcow2')));

    t.banner('a bitmap table past the end of the file');
    await fresh();
    await t.pokeBE('t.qcow2', b1.at, 0x10000000, 8);
    await t.pokeBE('t.qcow2', b1.at + 12, 3, 4);
    await check();
    await check(['-r', 'all']);
    t.echo(...(await describeBitmaps(t, 't.qcow2')));
  },
};
export default test;
