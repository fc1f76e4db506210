// 121: dirty tracking: writes of every kind through qemu-io set the bits of enabled bitmaps; the in-use flag while open; storing on close.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';
import { describeBitmaps } from '../common/qcow2-bitmaps.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'bitmaps', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'write, write -z (-u), discard, aio_write and write -c dirty the enabled bitmaps; disabled ones stay clean; in-use while open, stored at close',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const show = async () => t.echo(...(await describeBitmaps(t, 't.qcow2')));
    await t.makeTestImg('64M');
    await t.qemuImg(['bitmap', '--add', img, 'a64k']);
    await t.qemuImg(['bitmap', '--add', '-g', '512', img, 'a512']);
    await t.qemuImg(['bitmap', '--add', '-g', '1M', img, 'a1m']);
    await t.qemuImg(['bitmap', '--add', '--disable', img, 'off']);
    await show();

    t.banner('plain writes, unaligned ones too');
    await t.io(['write -P 0x11 0 64k', 'write -P 0x22 130k 1k', 'write 1023k 2k']);
    await show();

    t.banner('zero writes, with and without unmap');
    await t.io(['write -z 4M 64k', 'write -z -u 5M 128k', 'write -z 6M 1']);
    await show();

    t.banner('discard');
    await t.io(['discard 8M 64k', 'discard 9M 100k']);
    await show();

    t.banner('aio and compressed writes');
    await t.io(['aio_write -P 0x33 12M 64k', 'aio_flush', 'aio_write 13M 4k', 'aio_flush', 'write -c 16M 64k']);
    await show();

    t.banner('in use while a writer has the image open');
    await t.io(['write 20M 64k', 'info']);
    await t.io(['info'], { flags: ['-r'] });
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await show();

    t.banner('a read-only open changes nothing');
    await t.io(['read 0 64k'], { flags: ['-r'] });
    await show();

    t.banner('a read-write open without writes stores the bitmaps again');
    await t.io(['read 0 64k']);
    await show();

    t.banner('writes past the data the bitmaps cover are all tracked');
    await t.io(['write 63M 1M']);
    await show();
    await t.checkTestImg();
  },
};
export default test;
