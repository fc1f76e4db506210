// 057: qcow2 metadata growth: L2 tables and refcount blocks allocated as writes spread, refcount table growth.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, l2TableOffset } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'refcount', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'many small clusters need new L2 tables, refcount blocks and a bigger refcount table; all stay consistent',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const fields = ['l1_size', 'refcount_table_offset', 'refcount_table_clusters'] as const;

    t.banner('512-byte clusters: one write in each L2 table range');
    await createQcow2(t, 'img.qcow2', '4M', 'cluster_size=512');
    t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
    // An L2 table of 512 bytes maps 64 clusters: 32 KiB of guest data.
    const cmds: string[] = [];
    for (let i = 0; i < 16; i++) cmds.push(`write -q -P ${i + 1} ${i * 32768 + 100} 200`);
    await t.io(cmds, { img });
    const l2s: string[] = [];
    for (let i = 0; i < 17; i++) l2s.push((await l2TableOffset(t, 'img.qcow2', i)) === 0 ? '-' : 'L2');
    t.echo(`L1 entries: ${l2s.join(' ')}`);
    await t.io(cmds.map((c) => c.replace('write -q', 'read -q')), { img, status: true });
    await t.qemuImg(['check', img], { status: true });

    t.banner('512-byte clusters: enough clusters to outgrow the refcount table');
    await createQcow2(t, 'img.qcow2', '64M', 'cluster_size=512,refcount_bits=64');
    t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
    await t.io(['write -q -P 0x5e 0 4M', 'write -q -P 0x5f 8M 4M'], { img });
    t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
    await t.io(['read -q -P 0x5e 0 4M', 'read -q -P 0 4M 4M', 'read -q -P 0x5f 8M 4M'], { img, status: true });
    await t.qemuImg(['check', img], { status: true });
    await t.io('map', { img });

    t.banner('4 KiB clusters and 1-bit refcounts');
    await createQcow2(t, 'img.qcow2', '256M', 'cluster_size=4k,refcount_bits=1');
    await t.io(['write -q -P 0x61 0 16M', 'write -q -P 0x62 200M 1M'], { img });
    t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
    await t.io(['read -q -P 0x61 0 16M', 'read -q -P 0x62 200M 1M'], { img, status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
