// 199: check -r all rebuilding the refcount structures of an image whose refcount table names a block past its end: where QEMU 7.2 puts the new table and blocks.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'check', 'repair', 'corrupt', 'auto'],
  formats: ['qcow2'],
  purpose: 'a refcount block beyond the end of the image makes check -r all grow the file and rebuild; the new table goes to the first free run and, where it reaches into a range no block covers yet, that block goes right after the table (not after the highest block placed before)',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    // 512-byte clusters with 64-bit refcounts: a refcount block covers 64 clusters, so the new
    // table (7 clusters) starts near the end of one range and reaches into the next.
    await createQcow2(t, 'img.qcow2', '16M', 'cluster_size=512,refcount_bits=64');
    await t.io(['write -q -P 1 0 8110k'], { img });
    const reftable = await readField(t, 'img.qcow2', 'refcount_table_offset');
    t.echo(`refcount table: ${await readField(t, 'img.qcow2', 'refcount_table_clusters')} clusters at 0x${reftable.toString(16)}`);
    await pokeEntry(t, 'img.qcow2', reftable, 400, BigInt(400 * 64 * 512));

    const r = await t.qemuImg(['check', '-r', 'all', img], { capture: true });
    const lines = r.text.trimEnd().split('\n');
    const perCluster = (prefix: string): string[] => lines.filter((l) => l.startsWith(prefix));
    t.echo(...lines.filter((l) => !l.startsWith('Repairing cluster') && !l.startsWith('ERROR cluster')));
    for (const prefix of ['ERROR cluster', 'Repairing cluster']) {
      const found = perCluster(prefix);
      t.echo(`${found.length} '${prefix}' lines, from "${found[0]}" to "${found[found.length - 1]}"`);
    }
    t.echo(`exit status: ${r.status}`);

    const table = await readField(t, 'img.qcow2', 'refcount_table_offset');
    const clusters = await readField(t, 'img.qcow2', 'refcount_table_clusters');
    t.echo(`new refcount table: ${clusters} clusters at cluster ${table / 512}`);
    for (let i = 262; i < clusters * 64; i++) {
      const e = await readEntry(t, 'img.qcow2', table, i);
      if (e) t.echo(`  refcount block ${i} at cluster ${Number(e) / 512}`);
    }
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
