// 193: a qcow2 check -r all that marks the image corrupt on the way: the rebuild still happens, the double check cannot.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, l2TableOffset, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'refcount', 'corrupt', 'check', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'after a fatal corruption during check -r all, the refcount rebuild and the COPIED repairs (written straight to the file) land, what the refcount cache still held is lost, and the double check fails with "No medium found", as in QEMU 7.2',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4k');
    await t.io(['write -q -P 1 0 8k', 'write -q -P 2 64k 4k'], { img });
    // The second refcount table entry (clusters 2048..4095) points at an unaligned block far
    // away; the file is grown past 8 MiB so that the check looks up refcounts there.
    const rt = await readField(t, 'img.qcow2', 'refcount_table_offset');
    await pokeEntry(t, 'img.qcow2', rt, 1, 0x40000200n);
    // Guest cluster 0 loses its COPIED flag (its refcount is 1).
    const l2 = await l2TableOffset(t, 'img.qcow2', 0);
    await pokeEntry(t, 'img.qcow2', l2, 0, (await readEntry(t, 'img.qcow2', l2, 0)) & ~(1n << 63n));
    await t.truncate('img.qcow2', 8 * 1024 * 1024 + 8192);

    t.banner('check -r all');
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    t.echo(...(await describeHeader(t, 'img.qcow2', ['incompatible_features'])));

    t.banner('what the repair left: the rebuilt structure, without the leak repairs');
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['map', '--output=json', img]);
    await t.qemuIo(['-r', '-c', 'read -P 1 0 8k', '-c', 'read -P 2 64k 4k', img], { status: true });
  },
};
export default test;
