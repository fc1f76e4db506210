// 146: growing an overlay over a longer backing file exposes zeroes, not the backing file's data.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['backing', 'rw', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'truncate/resize after a shrink zero the regrown area (zero clusters, explicit zeroes for an unaligned head), as bdrv_co_truncate does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const base = t.path('b.raw');
    const setup = async () => {
      await t.makeTestImg('1M', { img: base, fmt: 'raw', quiet: true });
      await t.io('write -q -P 0x11 0 1M', { img: base, fmt: 'raw' });
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'raw', img]);
      await t.io('write -q -P 0x22 64k 64k');
    };

    t.banner('qemu-io truncate, cluster aligned');
    await setup();
    await t.io(['truncate 512k', 'truncate 1M', 'read -P 0 512k 512k', 'read -P 0x11 0 64k', 'map']);
    await t.qemuImg(['map', '--output=json', img]);
    await t.checkTestImg();

    t.banner('qemu-io truncate, unaligned');
    await setup();
    await t.io(['truncate 100k', 'truncate 300k', 'read -P 0 100k 200k', 'read -P 0x11 0 64k', 'map']);
    await t.checkTestImg();

    t.banner('qemu-img resize past the backing file');
    await setup();
    await t.qemuImg(['resize', '--shrink', img, '64k']);
    await t.qemuImg(['resize', img, '2M']);
    await t.qemuImg(['map', '--output=json', img]);
    await t.io(['read -P 0x11 0 64k', 'read -P 0 64k 1984k']);
    await t.checkTestImg();

    t.banner('amend -o size regrows the same way');
    await setup();
    await t.qemuImg(['resize', '--shrink', img, '64k']);
    await t.qemuImg(['amend', '-o', 'size=1M', img]);
    await t.qemuImg(['map', '--output=json', img]);
    await t.io(['read -P 0x11 0 64k', 'read -P 0 64k 960k']);
    await t.checkTestImg();

    t.banner('growing past a shorter backing file leaves the rest unallocated');
    await setup();
    await t.qemuImg(['resize', img, '2M']);
    await t.qemuImg(['map', '--output=json', img]);

    t.banner('bench -i native needs cache.direct');
    await t.qemuImg(['bench', '-c', '2', '-i', 'native', img], { status: true });
  },
};
export default test;
