// 092: corrupted compressed-cluster descriptors in qcow2: sizes past the end of file, overlapping metadata, check and reads.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, l2TableOffset, pokeEntry, readEntry } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'compress', 'corrupt', 'check', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'hostile compressed-cluster descriptors are reported by reads and check exactly as QEMU reports them',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    // 64 KiB clusters: descriptor = bit 62 | (sectors - 1) << 54 | host offset (54 bits).
    const desc = (offset: bigint, sectors: bigint): bigint => (1n << 62n) | ((sectors - 1n) << 54n) | offset;
    const cases: [string, (e: bigint) => bigint][] = [
      ['the compressed data runs past the end of the file', () => desc(0x1000000n, 2n)],
      ['the compressed data lies in the L1 table', () => desc(0x30000n, 1n)],
      ['the compressed data is garbage (the header)', () => desc(0x0n, 1n)],
      ['a descriptor one sector longer than written', (e) => e + (1n << 54n)],
      ['the copied flag set on a compressed descriptor', (e) => e | (1n << 63n)],
    ];
    for (const [title, mk] of cases) {
      t.banner(title);
      await createQcow2(t, 'img.qcow2', '1M', '');
      await t.io(['write -q -c -P 0x2a 0 64k', 'write -q -P 0x2b 64k 64k'], { img });
      const l2 = await l2TableOffset(t, 'img.qcow2', 0);
      await pokeEntry(t, 'img.qcow2', l2, 0, mk(await readEntry(t, 'img.qcow2', l2, 0)));
      await t.io(['read -P 0x2a 0 64k', 'read -P 0x2b 64k 64k'], { img, flags: ['-r'], status: true });
      await t.qemuImg(['check', img], { status: true });
      await t.qemuImg(['convert', '-O', 'raw', img, t.path('out.raw')], { status: true });
      await t.qemuImg(['map', '--output=json', img], { status: true });
    }
  },
};
export default test;
