// 129: injected I/O errors while bitmaps are marked in use on open and stored on close: QEMU's messages, and what the image keeps.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { nodeNameFilter } from '../common/filter.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';


/** Events with their `once` settings; each row injects EIO on a fresh image with two bitmaps. */
const ROWS: Array<[string, 'on' | 'off']> = [
  ['pwritev', 'on'],
  ['pwritev', 'off'],
  ['pwritev_done', 'on'],
  ['flush_to_os', 'on'],
  ['flush_to_disk', 'on'],
  ['flush_to_disk', 'off'],
  ['cluster_alloc', 'on'],
  ['cluster_alloc', 'off'],
  ['refblock_update_part', 'off'],
  ['read_aio', 'on'],
  ['read_aio', 'off'],
  ['write_aio', 'off'],
];

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'blkdebug', 'auto'],
  formats: ['qcow2'],
  purpose: 'EIO injected while bitmaps go in use or are stored: open fails or the bitmaps are lost as in QEMU 7.2, and the image stays consistent',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const cfg = t.path('blkdebug.conf');
    for (const [event, once] of ROWS) {
      t.banner(`${event} once=${once}`);
      await t.makeTestImg('64M', { quiet: true });
      await t.qemuImg(['bitmap', '--add', img, 'b1']);
      await t.qemuImg(['bitmap', '--add', '-g', '4k', img, 'b2']);
      await t.io('write -q 0 64k');
      await t.writeFile('blkdebug.conf', `[inject-error]\nevent = "${event}"\nerrno = "5"\nonce = "${once}"\n`);
      await t.qemuIo(['-c', 'write -q 1M 64k', `blkdebug:${cfg}:${img}`], { status: true, extraFilters: [nodeNameFilter] });
      t.echo(...(await describeBitmaps(t, 't.qcow2')));
      await t.checkTestImg({ status: true });
    }
  },
};
export default test;
