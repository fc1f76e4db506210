// 187: a qcow2 header counting more than 65536 snapshots: check refuses, check -r all keeps the first 65536 and the double check reads the table afresh.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'snapshot', 'auto'],
  formats: ['qcow2'],
  purpose: "QEMU 7.2's handling of an overhanging snapshot count, including what its repair leaves for the second pass",
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');

    t.banner('one real snapshot, a count of 65537 (the entries past the first read as zeroes)');
    // compat=0.10: zeroed version 2 entries are complete, so only the count is wrong.
    await createQcow2(t, 'img.qcow2', '1M', 'compat=0.10,cluster_size=4096');
    await t.io(['write -q -P 1 0 4k'], { img });
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await pokeField(t, 'img.qcow2', 'nb_snapshots', 65537);
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['info', img], { status: true });

    t.banner('check -r all discards the overhang');
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
    await t.io(['read -P 1 0 4k'], { img, status: true });
  },
};
export default test;
