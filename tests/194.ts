// 194: marking a qcow2 image corrupt rewrites its whole header cluster, as QEMU 7.2 does.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { dropLines } from '../common/filter.ts';
import { createQcow2, describeExtensions, describeHeader, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'the corrupt bit is set by rewriting the header cluster from what the driver holds: bytes after the header extensions are cleared, the extensions rewritten',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const junk = async (): Promise<void> => {
      const bytes = [1000, 4095, 65535].map(async (at) => `byte ${at}: ${(await t.peek('img.qcow2', at, 1))[0]}`);
      t.echo(...(await Promise.all(bytes)));
    };
    await createQcow2(t, 'img.qcow2', '1M', 'compat=1.1');
    await t.io(['write -q -P 1 0 64k'], { img });
    // Junk where nothing of the header lives, then a refcount block offset the next allocation trips over.
    for (const at of [1000, 4095, 65535]) await t.poke('img.qcow2', at, [0xa5]);
    const rt = await readField(t, 'img.qcow2', 'refcount_table_offset');
    await pokeEntry(t, 'img.qcow2', rt, 0, (await readEntry(t, 'img.qcow2', rt, 0)) + 0x200n);
    await junk();

    t.banner('a write that needs a new cluster marks the image corrupt');
    await t.io(['write -P 2 64k 64k'], { img, status: true });
    await junk();
    t.echo(...(await describeHeader(t, 'img.qcow2', ['incompatible_features', 'header_length'])));
    t.echo(...(await describeExtensions(t, 'img.qcow2')));
    await t.qemuImg(['info', img], { extraFilters: [dropLines(/^disk size:/)] });
  },
};
export default test;
