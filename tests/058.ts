// 058: qcow2 images past 4 GiB and past the first L1 table's reach: sparse writes, L1 growth by resize.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'offsets above 4 GiB and L1 tables that grow after creation map data correctly',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const fields = ['size', 'l1_size', 'l1_table_offset'] as const;

    t.banner('a 6 GiB image with data around the 4 GiB boundary');
    await createQcow2(t, 'img.qcow2', '6G', '');
    await t.io(['write -P 0x41 4294901760 128k', 'write -P 0x42 5G 4k', 'write -P 0x43 6442450432 512'], { img });
    await t.io(['read -P 0x41 4294901760 128k', 'read -P 0x42 5G 4k', 'read -P 0x43 6442450432 512', 'read -P 0 4G 64k', 'read -v 4294967294 4'], { img });
    await t.io(['map', 'alloc 4G 1G'], { img });
    await t.qemuImg(['map', img]);
    await t.qemuImg(['check', img], { status: true });

    for (const cs of ['512', '64k']) {
      t.banner(`cluster_size=${cs}: growing past the L1 table made at creation`);
      await createQcow2(t, 'img.qcow2', '1M', `cluster_size=${cs}`);
      await t.io('write -P 0x51 0 64k', { img });
      t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
      await t.qemuImg(['resize', img, '5G'], { status: true });
      t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
      await t.io(['write -P 0x52 4G 64k', 'write -P 0x53 5368643584 1k'], { img });
      await t.io(['read -P 0x51 0 64k', 'read -P 0x52 4G 64k', 'read -P 0x53 5368643584 1k', 'read -P 0 1M 64k'], { img });
      await t.io('map', { img });
      await t.qemuImg(['check', img], { status: true });
      await t.io('truncate 8G', { img });
      t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
      await t.io(['write -P 0x54 7G 512', 'read -P 0x54 7G 512', 'read -P 0x52 4G 64k', 'length'], { img });
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
