// 130: how many times qcow2 raises each refcount event (counted with a blkdebug state machine) matches QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

interface Case {
  title: string;
  create: string;
  size: string;
  /** Written before blkdebug is in the graph (guest cluster 0 is always written first: the probe). */
  setup: string[];
  work: string[];
  events: string[];
}

const CASES: Case[] = [
  {
    title: 'two writes into one refcount block',
    create: 'cluster_size=65536', size: '64M', setup: [], work: ['write -P 1 1M 64k', 'write -P 2 5M 4k'],
    events: ['refblock_alloc', 'refblock_load', 'refblock_update_part', 'cluster_alloc', 'cluster_alloc_space', 'l2_load',
      'pwritev', 'pwritev_zero', 'pwritev_done', 'flush_to_os', 'flush_to_disk', 'reftable_update', 'refblock_update'],
  },
  {
    title: 'a new refcount block in the middle of an allocation',
    create: 'cluster_size=512,refcount_bits=64', size: '16M', setup: [], work: ['write -P 1 1M 16k', 'write -P 2 2M 16k'],
    events: ['refblock_alloc', 'refblock_load', 'refblock_alloc_write', 'refblock_alloc_hookup', 'refblock_update_part',
      'cluster_alloc', 'l1_update', 'l2_alloc_write', 'l2_update', 'l2_load', 'reftable_update', 'refblock_update'],
  },
  {
    title: 'the refcount table grows',
    create: 'cluster_size=512,refcount_bits=64', size: '16M', setup: ['write -P 3 512 1900k'], work: ['write -P 2 8M 128k'],
    events: ['reftable_grow', 'refblock_alloc', 'refblock_alloc_hookup', 'refblock_alloc_write', 'refblock_alloc_write_blocks',
      'refblock_alloc_write_table', 'refblock_alloc_switch_table', 'cluster_free', 'cluster_alloc', 'reftable_update', 'refblock_update'],
  },
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'auto'],
  formats: ['qcow2'],
  purpose: 'refblock_alloc once per refcount block an update visits, refblock_load when it exists; the grow and hook-up events; reftable_update and refblock_update never on writes',
  async run(t) {
    t.requireNoImgOpts();
    for (const c of CASES) {
      t.banner(c.title);
      for (const event of c.events) {
        await t.makeTestImg(c.size, { options: c.create, quiet: true });
        await t.io(['write -q -P 0x5a 0 512', ...c.setup.map((w) => `${w.replace(/^write /, 'write -q ')}`)]);
        const probeOffset = await hostOffsetOfGuestZero(t, t.env.TEST_IMG);
        await printEventCount(t, event, { work: c.work, probeOffset });
      }
    }
  },
};
export default test;
