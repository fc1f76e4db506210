// 106: the rest of test 105's sweep: refblock_alloc, raised at every refcount-block lookup of an update, fails the write that updates refcounts.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

/** Events and the `once` settings swept, each with errno EIO (5) and ENOSPC (28), on a fresh image. */
const TABLE: Array<[string, Array<'on' | 'off'>]> = [
  ['refblock_alloc', ['on', 'off']],
];
const ROWS = TABLE.flatMap(([ev, onces]) => onces.flatMap((once) => [5, 28].map((errno) => [ev, once, errno] as const)));

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'rw'],
  formats: ['qcow2'],
  purpose: 'refblock_alloc: injected EIO/ENOSPC on each qcow2 event fails the requests QEMU fails, leaves a consistent image (leaks at most) and keeps earlier data',
  async run(t) {
    const cfg = t.path('blkdebug.conf');
    const img = t.env.TEST_IMG;
    for (const [event, once, errno] of ROWS) {
      t.banner(`${event} once=${once} errno=${errno}`);
      await t.makeTestImg('8M', { options: 'cluster_size=4096', quiet: true });
      await t.io('write -q -P 0x11 0 8k');
      await t.writeFile('blkdebug.conf', `[inject-error]\nevent = "${event}"\nerrno = "${errno}"\nonce = "${once}"\n`);
      await t.qemuIo(['-c', 'write -P 0x22 64k 8k', '-c', 'write -P 0x33 3M 4k', '-c', 'write -P 0x44 10k 5k', '-c', 'write -z 1M 64k', '-c', 'read -P 0x11 0 8k', `blkdebug:${cfg}:${img}`], { status: true });
      await t.checkTestImg();
      await t.io('read -P 0x11 0 8k');
    }
  },
};
export default test;
