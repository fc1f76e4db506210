// 139: copy-on-write reads of a partial write over a backing file (one read for both edges when at most 16k of new data lies between them, else one per edge) and partial write-zeroes (block status decides, one write-through at the end), as QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

interface Case {
  cluster: number;
  /** Where the write starts inside its first cluster, and its length. */
  skew: number;
  len: number;
}

const CASES: Case[] = [
  { cluster: 512, skew: 700, len: 1000 },
  { cluster: 512, skew: 700, len: 16000 },
  { cluster: 512, skew: 700, len: 16900 },
  { cluster: 65536, skew: 700, len: 1000 },
  { cluster: 65536, skew: 700, len: 17000 },
  { cluster: 65536, skew: 0, len: 1000 },
];

const EVENTS = ['cow_read', 'read_backing_aio', 'cow_write', 'write_aio'];

/** Partial write-zeroes: explicit zeroes for the partial units, zero flags for the rest, over backing data. */
const ZERO_CASES = [
  { opts: 'cluster_size=65536,extended_l2=on', work: 'write -z 140000 4096', end: 144096 },
  { opts: 'cluster_size=65536', work: 'write -z 70000 100000', end: 170000 },
  { opts: 'cluster_size=512', work: 'write -z 4196 1000', end: 5196 },
  // v2 cannot mark zeroes over a backing file: all of it is explicit zeroes, still written through once.
  { opts: 'cluster_size=65536,compat=0.10', work: 'write -z 200000 100000', end: 300000 },
];

const ZERO_EVENTS = ['l2_update', 'refblock_update_part', 'read_backing_aio', 'cow_read', 'write_aio', 'pwritev', 'flush_to_os'];

async function prepare(t: TestContext, opts: string): Promise<void> {
  const base = t.path('t.base');
  await t.makeTestImg('16M', { img: base, options: opts, quiet: true });
  await t.qemuIo(['-c', 'write -q -P 9 0 1M', base]);
  await t.makeTestImg('16M', { options: opts, backing: base, backingFmt: 'qcow2', quiet: true });
  await t.io(['write -q -P 0x5a 0 512']);
}

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'backing', 'auto'],
  formats: ['qcow2'],
  purpose: 'cow_read and read_backing_aio once per merged or separate edge read; partial write-zeroes without data reads and with one write-through; the edges keep the backing data',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    for (const c of CASES) {
      const at = c.cluster * 2 + c.skew;
      t.banner(`cluster_size=${c.cluster}: write ${at} ${c.len}`);
      for (const event of EVENTS) {
        await prepare(t, `cluster_size=${c.cluster}`);
        const probeOffset = await hostOffsetOfGuestZero(t, img);
        await printEventCount(t, event, { work: [`write -P 7 ${at} ${c.len}`], probeOffset });
      }
      await prepare(t, `cluster_size=${c.cluster}`);
      const end = at + c.len;
      const tailEnd = Math.ceil(end / c.cluster) * c.cluster;
      const head = c.skew > 0 ? [`read -q -P 9 ${c.cluster * 2} ${c.skew}`] : [];
      await t.io([`write -q -P 7 ${at} ${c.len}`, ...head, `read -q -P 7 ${at} ${c.len}`, `read -q -P 9 ${end} ${tailEnd - end}`]);
    }
    for (const z of ZERO_CASES) {
      t.banner(`${z.opts}: ${z.work}`);
      for (const event of ZERO_EVENTS) {
        await prepare(t, z.opts);
        const probeOffset = await hostOffsetOfGuestZero(t, img);
        await printEventCount(t, event, { work: [z.work], probeOffset });
      }
      await prepare(t, z.opts);
      const start = Number(z.work.split(' ')[2]);
      await t.io([z.work, `read -q -P 9 4096 ${start - 4096}`, `read -q -P 0 ${start} ${z.end - start}`, `read -q -P 9 ${z.end} 4096`]);
    }
  },
};
export default test;
