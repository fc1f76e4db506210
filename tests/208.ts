// 208: qemu-io -C reads what the top layer allocates whole (data, zero clusters, zero subclusters) plainly, copying nothing.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'copy-on-read skips a request the top layer allocates whole, as bdrv_aligned_preadv does, before widening it to clusters',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const base = t.path('base.qcow2');
    const map = () => t.qemuImg(['map', '--output=json', '-f', 'qcow2', img]);

    t.banner('extended L2: a read inside zero subclusters copies nothing');
    await t.makeTestImg('1M', { options: 'cluster_size=2M,extended_l2=on', quiet: true });
    await t.io('write -q -z 56k 28k');
    await t.io('read -q -P 0 64k 64k', { flags: ['-C'] });
    await map();

    t.banner('extended L2: a read reaching past them copies the rest of the cluster');
    await t.io('read -q -P 0 64k 128k', { flags: ['-C'] });
    await map();

    t.banner('a backing file: a read inside a zero cluster of the overlay copies nothing');
    await t.makeTestImg('1M', { img: base, quiet: true });
    await t.io('write -q -P 0x11 0 1M', { img: base });
    await t.makeTestImg('1M', { backing: base, backingFmt: 'qcow2', quiet: true });
    await t.io(['write -q -z 0 64k', 'write -q -P 0x22 128k 64k']);
    await t.io(['read -q -P 0 4k 4k', 'read -q -P 0x22 130k 8k'], { flags: ['-C'] });
    await map();

    t.banner('a backing file: a read spanning the zero cluster and backing data copies the clusters it touches');
    await t.io(['read -q -P 0 0 64k', 'read -q -P 0x11 64k 4k', 'read -v 65528 16'], { flags: ['-C'] });
    await map();

    t.banner('a read of nothing copies the cluster around an unaligned offset, and nothing at an aligned one');
    await t.makeTestImg('1M', { quiet: true });
    await t.io(['read 0 0', 'read 1M 0', 'aio_read 192k 0', 'aio_flush'], { flags: ['-C'] });
    await map();
    await t.io(['read 512 0', 'aio_read 200k 0', 'aio_flush'], { flags: ['-C'] });
    await map();
  },
};
export default test;
