// 152: amend -o refcount_bits=N allocates the new refcount structures in the old ones first, so the freed old refcount block keeps QEMU's bytes.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'amend', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'the file after a refcount width change is the one QEMU writes (old refcount block contents, host file map)',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const [opts, bits] of [['cluster_size=64k', 1], ['cluster_size=64k', 64], ['cluster_size=512', 64]] as const) {
      t.banner(`${opts}: refcount_bits=16 -> ${bits}`);
      await createQcow2(t, 'img.qcow2', '4M', opts);
      await t.io(['write -P 1 0 1M'], { img });
      await t.qemuImg(['amend', '-o', `refcount_bits=${bits}`, img], { status: true });
      await t.qemuImg(['map', '-f', 'raw', '--output=json', img]);
      // The old refcount block: its counts for the new structures' clusters were set before it was freed.
      const oldBlock = opts === 'cluster_size=512' ? 0x400 : 0x20000;
      await t.io([`read -v ${oldBlock} 64`], { img, fmt: 'raw' });
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
