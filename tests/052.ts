// 052: qcow2 refcount widths 1 to 64 bits: header, data, check and the refusals around them.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'refcount', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'every refcount width from 1 to 64 bits works, and other widths are refused',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const bits of [1, 2, 4, 8, 16, 32, 64]) {
      t.banner(`refcount_bits=${bits}`);
      await createQcow2(t, 'img.qcow2', '4M', `refcount_bits=${bits},cluster_size=4k`);
      t.echo(...(await describeHeader(t, 'img.qcow2', ['refcount_order', 'refcount_table_clusters'])));
      await t.io(['write -P 0x5a 0 64k', 'write -P 0xa5 1M 12k', 'write -z 2M 8k'], { img });
      await t.io(['read -P 0x5a 0 64k', 'read -P 0xa5 1M 12k', 'read -P 0 2M 8k'], { img });
      await t.qemuImg(['check', img], { status: true });
      await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    }

    t.banner('refused widths');
    for (const o of ['refcount_bits=0', 'refcount_bits=3', 'refcount_bits=128', 'refcount_bits=-1', 'compat=0.10,refcount_bits=8', 'compat=0.10,refcount_bits=16']) {
      await createQcow2(t, 'bad.qcow2', '1M', o);
    }
  },
};
export default test;
