// 136: shrinking a qcow2 image: the discard of the cut-off area allocates the L2 tables it lacks (then freed with the L1 tail), unused refcount blocks are dropped, the caches start empty again (as after any reopen, which also flushes); events and layout as QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

interface Case {
  title: string;
  create: string;
  size: string;
  setup: string[];
  work: string;
}

const CASES: Case[] = [
  {
    title: 'cluster_size=512: L2 tables allocated for the whole cut-off area',
    create: 'cluster_size=512', size: '2M', setup: ['write -q -P 3 3584 3072', 'write -q -P 4 1M 4k', 'write -q -P 5 1900k 8k'], work: 'truncate 4096',
  },
  {
    title: 'cluster_size=512,refcount_bits=64: refcount blocks that count nothing are dropped',
    create: 'cluster_size=512,refcount_bits=64', size: '1M', setup: ['write -q -P 3 3584 3072', 'write -q -P 4 512k 64k'], work: 'truncate 8192',
  },
  {
    title: 'cluster_size=64k: one L2 table kept, the table reloaded afterwards',
    create: 'cluster_size=65536', size: '64M', setup: ['write -q -P 3 960k 256k'], work: 'truncate 1M',
  },
];

/** Reopens: each flushes the image (twice going read-only) and leaves qcow2 with new, empty caches of the sizes its options give. */
const REOPENS: Array<{ create: string; setup: string[]; work: string[] }> = [
  { create: 'cluster_size=65536', setup: ['write -q -P 3 1M 64k'], work: ['read -q -P 3 1M 4k', 'reopen', 'read -q -P 3 1M 4k'] },
  { create: 'cluster_size=65536', setup: ['write -q -P 3 1M 64k'], work: ['write -q -P 4 2M 4k', 'reopen -r', 'read -q -P 3 1M 4k', 'reopen -w', 'write -q -P 4 1M 4k'] },
  { create: 'cluster_size=512', setup: ['write -q -P 3 1M 4k', 'write -q -P 3 2M 4k', 'write -q -P 3 3M 4k'],
    work: ['reopen -o l2-cache-size=1024', 'read -q -P 3 1M 512', 'read -q -P 3 2M 512', 'read -q -P 3 3M 512', 'read -q -P 3 1M 512', 'write -q -P 4 1M 512'] },
];

const EVENTS = ['l1_update', 'l2_alloc_write', 'l2_load', 'l2_update', 'cluster_alloc', 'cluster_free', 'refblock_alloc',
  'refblock_load', 'refblock_alloc_hookup', 'refblock_update_part', 'pwritev', 'pwritev_zero'];

async function prepare(t: TestContext, c: Case): Promise<void> {
  await t.makeTestImg(c.size, { options: c.create, quiet: true });
  await t.io(['write -q -P 0x5a 0 512', ...c.setup]);
}

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'resize', 'auto'],
  formats: ['qcow2'],
  purpose: "a shrink's L2 allocations, refcount table rewrite and cache reset, a reopen's flushes and new caches: event counts, map and check match QEMU",
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    for (const c of CASES) {
      t.banner(c.title);
      for (const event of EVENTS) {
        await prepare(t, c);
        const probeOffset = await hostOffsetOfGuestZero(t, img);
        await printEventCount(t, event, { work: [c.work], probeOffset, max: 250 });
      }
      await prepare(t, c);
      await t.io([c.work]);
      await t.qemuImg(['map', '--output=json', img]);
      await t.qemuImg(['check', img]);
    }

    for (const r of REOPENS) {
      t.banner(`${r.create}: ${r.work.join('; ')}`);
      for (const event of ['l2_load', 'l2_update', 'flush_to_os', 'flush_to_disk']) {
        await prepare(t, { title: '', create: r.create, size: '16M', setup: r.setup, work: '' });
        const probeOffset = await hostOffsetOfGuestZero(t, img);
        await printEventCount(t, event, { work: r.work, probeOffset });
      }
    }

    t.banner('inject-error on l1_shrink_free_l2_clusters');
    const c = CASES[0]!;
    await prepare(t, c);
    await t.writeFile('blkdebug.conf', '[inject-error]\nevent = "l1_shrink_free_l2_clusters"\nerrno = "5"\nonce = "on"\n');
    await t.qemuIo(['-c', c.work, '-c', 'read -P 0x5a 0 512', `blkdebug:${t.path('blkdebug.conf')}:${img}`], { status: true });
    await t.qemuImg(['check', img]);
  },
};
export default test;
