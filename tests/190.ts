// 190: when a qcow2 write that spans several L2 tables frees what it overwrote, and so where its later clusters and the next write's go.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'compress', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: "a multi-part write's tasks free the compressed cluster they overwrote only when the request next waits, as QEMU 7.2's do",
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const base = t.path('base.qcow2');
    await createQcow2(t, 'base.qcow2', '4M');
    await t.io(['write -q -P 0x11 0 1M'], { img: base });

    // 512-byte clusters: an L2 table maps 32 KiB, so each write below has a part per table. The
    // compressed cluster lies in the first part; the last write shows whether its host cluster
    // was free again (the new L2 table goes there) or was skipped by the write's later parts.
    const cases: Array<[string, string, boolean]> = [
      ['aligned, two parts: freed only at the end, the next L2 table takes it', 'write -q -P 0x22 448k 64k', false],
      ['unaligned, three parts: freed before the last part, which takes it', 'write -q -P 0x22 458753 65536', false],
      ['the same over a backing file: the first part reads its COW data while linking', 'write -q -P 0x22 458753 65536', true],
      ['over a backing file, many parts', 'write -q -P 0x22 458753 200000', true],
      ['over a backing file, ending in a partial cluster', 'write -q -P 0x22 458700 40000', true],
    ];
    for (const [title, write, backing] of cases) {
      t.banner(title);
      await createQcow2(t, 'img.qcow2', '4M', `cluster_size=512${backing ? `,backing_file=${base},backing_fmt=qcow2` : ''}`);
      await t.io(['write -q -c -P 0x77 469504 512', write, 'write -q -P 0x24 1668096 512'], { img });
      await t.qemuImg(['map', '--output=json', img]);
      await t.qemuImg(['check', img], { status: true });
    }

    // Table reads and write-backs are waits too: here the compressed cluster's part links while
    // the next part reads an L2 table and a refcount block is added, before the last part.
    t.banner('zero clusters, a compressed cluster, then writes across them over a backing file');
    // (A backing file name as short as this keeps the header in the first 512-byte cluster.)
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=512,backing_file=base.qcow2,backing_fmt=qcow2');
    await t.io(['write -q -z 248k 208k', 'write -q -z 128k 64k', 'write -q -c -P 0x77 133.5k 512', 'write -q -P 0x24 85328 251572', 'write -q -P 0x29 0 192k'], { img });
    await t.qemuImg(['map', '--output=json', img]);
    // Where the refcount blocks went (the map shows only data).
    const reftable = await readField(t, 'img.qcow2', 'refcount_table_offset');
    const blocks: string[] = [];
    for (let i = 0; i < 4; i++) blocks.push((await readEntry(t, 'img.qcow2', reftable, i)).toString(16));
    t.echo(`refcount blocks at: ${blocks.join(' ')}`);
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
