// 085: qcow2 virtual size limits per cluster size, and I/O at the far end of very large sparse images.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'the largest image each cluster size allows is created and usable; larger ones are refused as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    await t.requireSparse(64 * 1024 * 1024);
    const img = t.path('img.qcow2');

    t.banner('sizes refused');
    for (const [size, cs] of [['64T', '512'], ['2E', '64k'], ['8E', '2M'], ['-1', '64k'], ['1.5', '64k'], ['1k', '64k']]) {
      await createQcow2(t, 'img.qcow2', size, `cluster_size=${cs}`);
    }

    for (const [size, cs, last] of [['10G', '512', '10737417728'], ['64T', '64k', '70368744177152'], ['256T', '2M', '281474976710144']]) {
      t.banner(`${size} with cluster_size=${cs}`);
      await createQcow2(t, 'img.qcow2', size, `cluster_size=${cs}`);
      t.echo(...(await describeHeader(t, 'img.qcow2', ['size', 'l1_size', 'refcount_table_clusters'])));
      await t.io([`write -P 0x7e ${last} 512`, 'write -P 0x7f 1T 4k', `read -P 0x7e ${last} 512`, 'read -P 0x7f 1T 4k', `read -v ${last} 8`, 'length'], { img, status: true });
      await t.io([`write ${last} 1024`, `read ${Number(last) + 512} 512`], { img, status: true });
      await t.qemuImg(['map', img]);
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
