// 137: growing the refcount table in the middle of an allocation: QEMU 7.2 reloads the new refcount block, rescans from the freed old table and evicts (writes back) refcount blocks from its four-block cache; counts and layout as QEMU.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

interface Case {
  title: string;
  work: string[];
}

/** 4k writes 32k apart from 8M on: each needs a new L2 table and eight data clusters. */
const SCATTERED = Array.from({ length: 40 }, (_, i) => `write -q -P 7 ${8 * 1024 * 1024 + i * 32768} 4k`);

const CASES: Case[] = [
  { title: 'one 128k write in four pieces', work: ['write -q -P 2 8M 128k'] },
  { title: 'five 32k writes, one piece each', work: ['write -q -P 2 8M 32k', 'write -q -P 2 9M 32k', 'write -q -P 2 10M 32k', 'write -q -P 2 11M 32k', 'write -q -P 2 12M 32k'] },
  { title: 'forty 4k writes, each with a new L2 table', work: SCATTERED },
];

const EVENTS = ['reftable_grow', 'refblock_alloc', 'refblock_load', 'refblock_update_part', 'refblock_alloc_hookup', 'cluster_alloc', 'cluster_free', 'l2_update', 'pwritev'];

async function prepare(t: TestContext): Promise<void> {
  await t.makeTestImg('16M', { options: 'cluster_size=512,refcount_bits=64', quiet: true });
  await t.io(['write -q -P 0x5a 0 512', 'write -q -P 3 512 1900k']);
}

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'auto'],
  formats: ['qcow2'],
  purpose: 'refblock_load after the table switch, refblock write-backs from cache evictions during the rescan, and where later clusters land',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    for (const c of CASES) {
      t.banner(c.title);
      for (const event of EVENTS) {
        await prepare(t);
        const probeOffset = await hostOffsetOfGuestZero(t, img);
        await printEventCount(t, event, { work: c.work, probeOffset, max: 400 });
      }
      await prepare(t);
      await t.io(c.work);
      await t.qemuImg(['map', '--output=json', img]);
      await t.qemuImg(['check', img]);
    }
  },
};
export default test;
