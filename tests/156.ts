// 156: concurrent aio requests on qcow2 while one is suspended at a breakpoint: which ones wait for which (allocations in flight, the image lock), the data they leave and the order QEMU 7.2 completes them in.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

/** Each case: a title, the image's create options, whether a backing file filled with 0xaa sits below, and the qemu-io commands. */
const CASES: Array<[string, string, boolean, string[]]> = [
  ['a write to a cluster whose allocation is in flight waits for it (suspended at write_aio)', '64k', true, [
    'break write_aio A', 'aio_write -P 1 0x1000 0x1000', 'wait_break A',
    'aio_read -P 0xaa 0x1000 0x1000', 'aio_write -P 2 0x3000 0x1000', 'resume A', 'aio_flush',
    'read -P 1 0x1000 0x1000', 'read -P 2 0x3000 0x1000', 'read -P 0xaa 0 0x1000', 'read -P 0xaa 0x2000 0x1000', 'read -P 0xaa 0x4000 0xc000',
  ]],
  ['a write reaching into an allocation in flight writes up to it, then waits', '64k', true, [
    'break write_aio A', 'aio_write -P 1 0x10000 0x1000', 'wait_break A', 'aio_write -P 2 0xf000 0x3000', 'resume A', 'aio_flush',
    'read -P 0xaa 0 0xf000', 'read -P 2 0xf000 0x3000', 'read -P 0xaa 0x12000 0xe000',
  ]],
  ['writes around a cluster suspended in its copy-on-write', '64k', true, [
    'break cow_write A', 'aio_write -P 1 0x21000 0x1000', 'wait_break A',
    'aio_write -P 2 0x23000 0x2000', 'resume A', 'aio_flush',
    'read -P 0xaa 0x20000 0x1000', 'read -P 1 0x21000 0x1000', 'read -P 0xaa 0x22000 0x1000', 'read -P 2 0x23000 0x2000',
  ]],
  ['a request suspended holding the image lock (l2_update), then a long allocation', '64k', true, [
    'break l2_update A', 'aio_write -P 1 0 0x1000', 'wait_break A', 'aio_write -P 2 0x800 0x1000', 'resume A', 'aio_flush',
    'break write_aio B', 'aio_write -P 5 0x40000 0x20000', 'wait_break B', 'aio_write -P 6 0x50000 0x1000', 'resume B', 'aio_flush',
    'read -P 1 0 0x800', 'read -P 2 0x800 0x1000', 'read -P 5 0x40000 0x10000', 'read -P 6 0x50000 0x1000', 'read -P 5 0x51000 0xf000',
  ]],
  ['extended L2: a write to a subcluster being written in a kept cluster waits for it', '64k,extended_l2=on', false, [
    'write -q -P 0x11 0 0x800',
    'break write_aio A', 'aio_write -P 1 0x4000 0x1000', 'wait_break A', 'aio_write -P 2 0x4800 0x1000', 'resume A', 'aio_flush',
    'read -P 0x11 0 0x800', 'read -P 0 0x800 0x3800', 'read -P 1 0x4000 0x800', 'read -P 2 0x4800 0x1000', 'read -P 0 0x5800 0xa800',
  ]],
  ['small clusters: a chain of writes through one cluster', '4k', false, [
    'break write_aio A', 'aio_write -P 1 0x1200 0x200', 'wait_break A', 'aio_write -P 2 0x1000 0x400', 'resume A', 'aio_flush',
    'read -P 2 0x1000 0x400', 'read -P 0 0x1400 0xc00',
  ]],
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'aio', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'concurrent aio writes and reads around a request suspended at a breakpoint wait, complete and leave data as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    for (const [title, createOpts, backed, cmds] of CASES) {
      t.banner(title);
      if (backed) {
        await t.makeTestImg('1M', { quiet: true, img: t.path('base.img'), options: `cluster_size=${createOpts}` });
        await t.qemuIo(['-c', 'write -P 0xaa 0 1M', t.path('base.img')], { capture: true });
      }
      await t.makeTestImg('1M', {
        quiet: true,
        options: `cluster_size=${createOpts}`,
        ...(backed ? { backing: t.path('base.img'), backingFmt: t.env.IMGFMT } : {}),
      });
      await t.qemuIo([...cmds.flatMap((c) => ['-c', c]), `blkdebug::${t.env.TEST_IMG}`], { status: true });
      await t.qemuImg(['map', '--output=json', t.env.TEST_IMG]);
      await t.checkTestImg();
    }
  },
};
export default test;
