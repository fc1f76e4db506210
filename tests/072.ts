// 072: qcow2 metadata corrupted under I/O: misaligned and overlapping entries mark the image corrupt; the corrupt bit then blocks writes.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, OFLAG_COPIED, pokeEntry, readEntry, readField } from '../common/qcow2.ts';

/** Repeated ERROR lines (one per L2 entry of a garbage table) are printed once. */
const onceEach = (text: string): string => {
  const seen = new Set<string>();
  return text
    .split(/(?<=\n)/)
    .filter((l) => !l.startsWith('ERROR') || (!seen.has(l) && seen.add(l) !== undefined))
    .join('');
};

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'corruption found during I/O produces QEMU\'s exact messages and sets the corrupt bit, which blocks writes',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const setup = async (): Promise<{ l1: number; l2: number }> => {
      await createQcow2(t, 'img.qcow2', '4M', '');
      await t.io(['write -q -P 0x21 0 128k', 'write -q -P 0x22 1M 64k'], { img });
      const l1 = await readField(t, 'img.qcow2', 'l1_table_offset');
      return { l1, l2: Number((await readEntry(t, 'img.qcow2', l1, 0)) & 0xfffffffffffe00n) };
    };
    const after = async (): Promise<void> => {
      t.echo(...(await describeHeader(t, 'img.qcow2', ['incompatible_features'])));
      await t.io(['write -P 0x23 2M 4k'], { img, status: true });
      await t.io(['read -P 0x21 64k 64k'], { img, flags: ['-r'], status: true });
      await t.qemuImg(['check', img], { status: true, extraFilters: [onceEach] });
    };
    const cases: [string, (m: { l1: number; l2: number }) => Promise<void>, string[]][] = [
      ['a misaligned data cluster offset in an L2 entry', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED | 0x50200n), ['read 0 4k']],
      ['the same, found by a write', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED | 0x50200n), ['write 0 4k']],
      ['a misaligned L2 table offset in the L1 table', (m) => pokeEntry(t, 'img.qcow2', m.l1, 0, OFLAG_COPIED | BigInt(m.l2 + 0x200)), ['read 0 4k']],
      ['an L2 entry with only OFLAG_COPIED set (offset 0: unallocated)', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED), ['write -P 0x24 0 4k']],
      ['a data cluster overlapping the refcount block', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED | 0x20000n), ['write -P 0x24 0 4k']],
      ['a data cluster overlapping the L1 table', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED | BigInt(m.l1)), ['write -P 0x24 0 4k']],
      ['a data cluster overlapping its own L2 table', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED | BigInt(m.l2)), ['write -P 0x24 0 4k']],
      ['an L2 table at the L1 table offset', (m) => pokeEntry(t, 'img.qcow2', m.l1, 0, OFLAG_COPIED | 0x30000n), ['write -P 0x24 0 4k']],
      ['a data cluster far past the end of the file', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED | 0x10000000n), ['read -P 0 0 4k', 'write -P 0x24 0 4k']],
      ['an L2 table far past the end of the file', (m) => pokeEntry(t, 'img.qcow2', m.l1, 0, OFLAG_COPIED | 0x10000000n), ['read 0 4k', 'write -P 0x24 0 4k']],
      ['a compressed cluster descriptor pointing into the header', (m) => pokeEntry(t, 'img.qcow2', m.l2, 0, 0x4000000000000000n | 0x100n), ['read 0 4k']],
    ];
    for (const [title, poke, cmds] of cases) {
      t.banner(title);
      const m = await setup();
      await poke(m);
      await t.io(cmds, { img, status: true });
      await after();
    }

    t.banner('check -r all clears the corrupt bit once the image is repaired');
    const m = await setup();
    await pokeEntry(t, 'img.qcow2', m.l2, 0, OFLAG_COPIED | 0x50200n);
    await t.io(['read 0 4k'], { img, status: true });
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    t.echo(...(await describeHeader(t, 'img.qcow2', ['incompatible_features'])));
    await t.qemuImg(['amend', '-o', 'lazy_refcounts=on', img], { status: true });
  },
};
export default test;
