// 084: corrupted qcow2 refcount structures: misaligned, out-of-image and missing refcount blocks under check and writes.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'refcount', 'corrupt', 'check', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'broken refcount table entries are reported, refused and repaired with QEMU\'s exact texts',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const cases: [string, (rt: number, e: bigint) => bigint][] = [
      ['a misaligned refcount block offset', (_rt, e) => e + 0x200n],
      ['a refcount block past the end of the file', () => 0x10000000n],
      ['a refcount block past INT64_MAX (repair cannot grow the file; a rebuild follows)', () => 0xff00000000000000n],
      ['a refcount block on top of the L1 table', () => 0x30000n],
      ['no refcount block for used clusters', () => 0n],
      ['reserved bits set in the refcount table entry', (_rt, e) => e | 0x100n],
    ];
    for (const [title, mk] of cases) {
      t.banner(title);
      await createQcow2(t, 'img.qcow2', '4M', '');
      await t.io('write -q -P 0x3c 0 128k', { img });
      const rt = await readField(t, 'img.qcow2', 'refcount_table_offset');
      await pokeEntry(t, 'img.qcow2', rt, 0, mk(rt, await readEntry(t, 'img.qcow2', rt, 0)));
      await t.io(['read -P 0x3c 0 128k'], { img, status: true });
      await t.io(['write -P 0x3d 1M 64k'], { img, status: true });
      t.echo(...(await describeHeader(t, 'img.qcow2', ['incompatible_features'])));
      await t.qemuImg(['check', img], { status: true });
      await t.qemuImg(['check', '-r', 'all', img], { status: true });
      await t.io(['read -P 0x3c 0 128k'], { img, status: true });
    }

    t.banner('a refcount block past what a file can hold: the repair cannot grow the file (its error shown); a rebuild follows');
    await createQcow2(t, 'img.qcow2', '4M', '');
    await t.io('write -q -P 0x3c 0 128k', { img });
    const rt = await readField(t, 'img.qcow2', 'refcount_table_offset');
    await pokeEntry(t, 'img.qcow2', rt, 0, 0x00ff000000000000n);
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.io(['read -P 0x3c 0 128k'], { img, status: true });

    t.banner('the same with a data cluster past the end of the file: the rebuild fixes one corruption, the other stays');
    await createQcow2(t, 'img.qcow2', '4M', '');
    await t.io('write -q -P 0x3c 0 128k', { img });
    const l1 = await readField(t, 'img.qcow2', 'l1_table_offset');
    const l2 = (await readEntry(t, 'img.qcow2', l1, 0)) & 0x00fffffffffffe00n;
    await pokeEntry(t, 'img.qcow2', Number(l2), 1, 0x8000000005500000n);
    await pokeEntry(t, 'img.qcow2', await readField(t, 'img.qcow2', 'refcount_table_offset'), 1, 0xff00000000000000n);
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
