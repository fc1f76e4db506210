// 180: qcow2 snapshot entries too short for a version 3 image ("incomplete"): check reports them, -r all rewrites the table; names read as C strings.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeEntry, pokeField, readEntry, readField } from '../common/qcow2.ts';
import { snapshotDateFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'snapshot', 'check', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'version 3 snapshot entries with under 16 bytes of extra data are incomplete to check, and repaired by -r all, as QEMU 7.2 does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const list = () => t.qemuImg(['snapshot', '-l', img], { status: true, extraFilters: [snapshotDateFilter] });
    for (const [extra, compat] of [[8, '1.1'], [0, '1.1'], [16, '1.1'], [0, '0.10']] as const) {
      t.banner(`compat=${compat}, the only entry's extra data cut to ${extra} bytes (its id and name are now read from inside the old extra data)`);
      await createQcow2(t, 'img.qcow2', '1M', `compat=${compat}`);
      await t.io(['write -q -P 1 0 64k'], { img });
      await t.qemuImg(['snapshot', '-c', 'first', img]);
      const table = await readField(t, 'img.qcow2', 'snapshots_offset');
      // The word at +32 holds the 32-bit VM state size and then the extra data size.
      const word = await readEntry(t, 'img.qcow2', table, 4);
      await pokeEntry(t, 'img.qcow2', table, 4, (word & ~0xffffffffn) | BigInt(extra));
      await list();
      await t.qemuImg(['check', img], { status: true });
      await t.qemuImg(['check', '-r', 'leaks', img], { status: true });
      await t.qemuImg(['check', '-r', 'all', img], { status: true });
      await list();
      await t.io(['read -q -P 1 0 64k'], { img, status: true });
    }

    const faults: Array<[string, (table: number) => Promise<void>, boolean]> = [
      ['a misaligned snapshot table offset: check reports it in its own words and fails', (table) => pokeField(t, 'img.qcow2', 'snapshots_offset', BigInt(table + 1)), true],
      ['more snapshots than QEMU allows: check says how many -r all would drop', () => pokeField(t, 'img.qcow2', 'nb_snapshots', 70000n), false],
      ['a snapshot table at offset 0: the header read as an entry, its L1 offset not cluster aligned', () => pokeField(t, 'img.qcow2', 'snapshots_offset', 0n), false],
      ['5000 bytes of extra data: check fails to read the table; -r all keeps the first 1 KiB', async (table) => {
        const word = await readEntry(t, 'img.qcow2', table, 4);
        await pokeEntry(t, 'img.qcow2', table, 4, (word & ~0xffffffffn) | 5000n);
      }, true],
    ];
    for (const [title, poke, repairAll] of faults) {
      t.banner(title);
      await createQcow2(t, 'img.qcow2', '1M', 'compat=1.1');
      await t.io(['write -q -P 1 0 64k'], { img });
      await t.qemuImg(['snapshot', '-c', 'first', img]);
      await poke(await readField(t, 'img.qcow2', 'snapshots_offset'));
      await t.qemuImg(['info', img], { status: true, extraFilters: [snapshotDateFilter] });
      await t.qemuImg(['check', img], { status: true });
      await t.qemuImg(['check', '-r', 'leaks', img], { status: true });
      if (!repairAll) continue;
      await t.qemuImg(['check', '-r', 'all', img], { status: true });
      await list();
      // Unknown extra data survives a later rewrite of the table.
      await t.qemuImg(['snapshot', '-c', 'second', img], { status: true });
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
