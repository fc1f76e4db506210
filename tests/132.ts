// 132: blkdebug raises the event 'none' once when it opens, and qcow2 copies (not zeroes) the edges of VM state writes, as QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: "rules on 'none' apply from the first request after open; vmstate writes raise cow_read/cow_write, not cluster_alloc_space",
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const cfg = t.path('blkdebug.conf');

    t.banner("set-state on 'none' has moved the state before the first request");
    await t.makeTestImg('1M', { quiet: true });
    await t.writeFile('blkdebug.conf', '[set-state]\nevent = "none"\nstate = "1"\nnew_state = "2"\n[inject-error]\nevent = "read_aio"\nstate = "2"\nerrno = "7"\n');
    await t.qemuIo(['-c', 'read 0 512', '-c', 'write 0 512', '-c', 'read 0 512', `blkdebug:${cfg}:${img}`], { status: true });
    await t.writeFile('blkdebug.conf', '[set-state]\nevent = "none"\nstate = "2"\nnew_state = "3"\n[inject-error]\nevent = "read_aio"\nstate = "3"\nerrno = "7"\n');
    await t.qemuIo(['-c', 'write 0 512', '-c', 'read 0 512', `blkdebug:${cfg}:${img}`], { status: true });

    t.banner("inject-error on 'none': the first request fails (once=on: only that one)");
    await t.writeFile('blkdebug.conf', '[inject-error]\nevent = "none"\nerrno = "5"\nonce = "on"\n');
    await t.qemuIo(['-c', 'read 0 512', `blkdebug:${cfg}:${img}`], { status: true });
    await t.qemuIo(['-f', 'raw', '-c', 'read 0 512', '-c', 'read 0 512', `blkdebug:${cfg}:${img}`], { status: true });
    await t.writeFile('blkdebug.conf', '[inject-error]\nevent = "none"\nerrno = "5"\nstate = "2"\n');
    await t.qemuIo(['-f', 'raw', '-c', 'read 0 512', `blkdebug:${cfg}:${img}`], { status: true });

    t.banner('VM state writes copy their cluster edges');
    for (const event of ['cow_read', 'cow_write', 'cluster_alloc_space', 'pwritev_zero', 'vmstate_save', 'vmstate_load', 'cluster_alloc']) {
      await t.makeTestImg('64M', { quiet: true });
      await t.io('write -q -P 0x5a 0 512');
      const probeOffset = await hostOffsetOfGuestZero(t, img);
      await printEventCount(t, event, { work: ['write -b -P 3 4096 4k', 'read -b -P 3 4096 4k'], probeOffset });
    }
    await t.io(['write -b -P 3 4096 4k', 'read -b -P 0 0 4k', 'read -b -P 3 4096 4k', 'read -b -P 0 8k 56k']);
    await t.checkTestImg();
  },
};
export default test;
