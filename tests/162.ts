// 162: internal snapshot names longer than QEMUSnapshotInfo holds: qemu-img snapshot -c stores 255 bytes, -l and info show at most 255.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const DATE = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g;

const test: TestDefinition<TestContext> = {
  groups: ['qcow2', 'snapshot', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'long snapshot names are cut to 255 bytes on creation and in listings; lookups use the stored name',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const long = 'a'.repeat(250) + 'bcdefghij';
    const filters = { extraFilters: [(s: string) => s.replace(DATE, 'yyyy-mm-dd hh:mm:ss').replace(/"date-(sec|nsec)": \d+/g, '"date-$1": X')] };

    t.banner('snapshot -c with a 259-byte name');
    await createQcow2(t, 'img.qcow2', '1M');
    await t.io(['write -P 1 0 64k'], { img });
    await t.qemuImg(['snapshot', '-c', long, img], { status: true });
    await t.qemuImg(['snapshot', '-l', img], { ...filters, status: true });
    await t.qemuImg(['info', '--output=json', img], {
      extraFilters: [...filters.extraFilters, (s) => s.replace(/"actual-size": \d+/g, '"actual-size": SIZE')],
    });

    t.banner('the full name no longer finds it; the stored 255 bytes do');
    await t.qemuImg(['snapshot', '-a', long, img], { status: true });
    await t.qemuImg(['snapshot', '-d', long.slice(0, 255), img], { status: true });
    await t.qemuImg(['snapshot', '-l', img], { ...filters, status: true });

    t.banner('a 255-byte name is kept whole');
    await t.qemuImg(['snapshot', '-c', long.slice(0, 255), img], { status: true });
    await t.qemuImg(['convert', '-l', long.slice(0, 255), '-O', 'raw', img, t.path('x.raw')], { status: true });
    await t.io(['read -P 1 0 64k'], { img: t.path('x.raw'), fmt: 'raw' });
    await t.checkTestImg({ img });
  },
};
export default test;
