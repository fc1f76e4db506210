// 080: qcow2 internal snapshots with qemu-img snapshot: create, list, apply, delete, refcounts and COW after a snapshot.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader } from '../common/qcow2.ts';

/** Snapshot dates are the time of creation: masked in both output formats. */
const dateFilter = (s: string): string =>
  s
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'yyyy-mm-dd hh:mm:ss')
    .replace(/"date-sec": \d+/g, '"date-sec": SEC')
    .replace(/"date-nsec": \d+/g, '"date-nsec": NSEC')
    .replace(/"actual-size": \d+/g, '"actual-size": SIZE')
    .replace(/^disk size: .*\n/m, '');

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'snapshot', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'internal snapshots keep their data through later writes and are listed, applied and deleted as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const snap = (...args: string[]) => t.qemuImg(['snapshot', ...args], { status: true, extraFilters: [dateFilter] });
    for (const compat of ['1.1', '0.10']) {
      t.banner(`compat=${compat}: two snapshots`);
      await createQcow2(t, 'img.qcow2', '4M', `compat=${compat},cluster_size=4k`);
      await t.io(['write -q -P 0x01 0 1M'], { img });
      await snap('-c', 'one', img);
      await t.io(['write -q -P 0x02 512k 1M'], { img });
      await snap('-c', 'two', img);
      await t.io(['write -q -P 0x03 0 4k', 'write -q -z 1M 64k'], { img });
      await snap('-l', img);
      t.echo(...(await describeHeader(t, 'img.qcow2', ['nb_snapshots'])));
      await t.qemuImg(['check', img], { status: true });
      await t.qemuImg(['info', img], { extraFilters: [dateFilter] });
      await t.qemuImg(['info', '--output=json', img], { extraFilters: [dateFilter] });

      t.banner('converting a snapshot with -l and applying it');
      await t.qemuImg(['convert', '-l', 'snapshot.name=two', '-O', 'raw', img, t.path('two.raw')], { status: true });
      await t.io(['read -P 0x01 0 512k', 'read -P 0x02 512k 1M', 'read -P 0 1536k 2560k'], { img: t.path('two.raw'), fmt: 'raw' });
      await t.qemuImg(['convert', '-l', 'nothere', '-O', 'raw', img, t.path('x.raw')], { status: true });
      await snap('-a', 'one', img);
      await t.io(['read -P 0x01 0 1M', 'read -P 0 1M 1M'], { img });
      await snap('-a', 'two', img);
      await t.io(['read -P 0x01 0 512k', 'read -P 0x02 512k 1M'], { img });
      await t.qemuImg(['check', img], { status: true });

      t.banner('deleting snapshots, and errors');
      await snap('-d', 'one', img);
      await snap('-d', 'one', img);
      await snap('-a', 'nothere', img);
      await snap('-c', 'two', img);
      await snap('-l', img);
      await snap('-d', '2', img);
      await snap('-l', img);
      t.echo(...(await describeHeader(t, 'img.qcow2', ['nb_snapshots'])));
      await t.qemuImg(['check', img], { status: true });
      await t.io(['read -P 0x01 0 512k', 'read -P 0x02 512k 1M'], { img });
    }
  },
};
export default test;
