// 050: qcow2 v2 and v3 images at cluster sizes 512 B, 4 KiB, 64 KiB and 2 MiB: create, write, read, check.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'both compat levels at four cluster sizes create the right header and keep written data',
  async run(t) {
    t.requireNoImgOpts();
    for (const compat of ['0.10', '1.1']) {
      for (const cs of ['512', '4k', '64k', '2M']) {
        t.banner(`compat=${compat} cluster_size=${cs}`);
        await createQcow2(t, 'img.qcow2', '8M', `compat=${compat},cluster_size=${cs}`);
        t.echo(...(await describeHeader(t, 'img.qcow2', ['version', 'cluster_bits', 'l1_size', 'refcount_table_clusters'])));
        await t.io(['write -P 0x11 0 1k', 'write -P 0x22 3000 5000', 'write -P 0x33 4M 64k', 'write -P 0x44 8388096 512'], {
          img: t.path('img.qcow2'),
        });
        await t.io(['read -P 0x11 0 1k', 'read -P 0 1k 1976', 'read -P 0x22 3000 5000', 'read -P 0 8000 8k', 'read -P 0x33 4M 64k', 'read -P 0x44 8388096 512'], {
          img: t.path('img.qcow2'),
        });
        await t.qemuImg(['check', t.path('img.qcow2')], { status: true });
        await t.qemuImg(['info', t.path('img.qcow2')], { extraFilters: [infoDiskSizeFilter] });
      }
    }
  },
};
export default test;
