// 139: copy-on-write reads of a partial write over a backing file: one read for both edges when at most 16k of new data lies between them, else one per edge, as QEMU 7.2.
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

async function prepare(t: TestContext, c: Case): Promise<void> {
  const base = t.path('t.base');
  await t.makeTestImg('16M', { img: base, options: `cluster_size=${c.cluster}`, quiet: true });
  await t.qemuIo(['-c', 'write -q -P 9 0 1M', base]);
  await t.makeTestImg('16M', { options: `cluster_size=${c.cluster}`, backing: base, backingFmt: 'qcow2', quiet: true });
  await t.io(['write -q -P 0x5a 0 512']);
}

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'backing', 'auto'],
  formats: ['qcow2'],
  purpose: 'cow_read and read_backing_aio once per merged or separate edge read; the edges keep the backing data',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    for (const c of CASES) {
      const at = c.cluster * 2 + c.skew;
      t.banner(`cluster_size=${c.cluster}: write ${at} ${c.len}`);
      for (const event of EVENTS) {
        await prepare(t, c);
        const probeOffset = await hostOffsetOfGuestZero(t, img);
        await printEventCount(t, event, { work: [`write -P 7 ${at} ${c.len}`], probeOffset });
      }
      await prepare(t, c);
      const end = at + c.len;
      const tailEnd = Math.ceil(end / c.cluster) * c.cluster;
      const head = c.skew > 0 ? [`read -q -P 9 ${c.cluster * 2} ${c.skew}`] : [];
      await t.io([`write -q -P 7 ${at} ${c.len}`, ...head, `read -q -P 7 ${at} ${c.len}`, `read -q -P 9 ${end} ${tailEnd - end}`]);
    }
  },
};
export default test;
