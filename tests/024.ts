// 024: a raw image opened without -f: the probing warning, and the guard on writes to block 0.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'probe', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'probed raw images warn, and refuse writes that would make block 0 look like another format',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const probed = (cmds: string[]) => t.io(cmds, { fmt: null, status: true });
    await t.makeTestImg('1M');

    t.banner('ordinary writes to block 0 are allowed');
    await probed(['write -P 0 0 512', 'write -P 0x51 0 4', 'read -v 0 8']);

    t.banner('building a qcow2 magic byte by byte');
    await probed(['write -P 0x51 0 1', 'write -P 0x46 1 1', 'write -P 0x49 2 1', 'write -P 0xfb 3 1', 'read -v 0 8']);

    t.banner('the version byte would make it a qcow2 header: refused');
    await probed(['write -P 0x03 7 1', 'read -v 0 8']);
    await probed(['aio_write -P 0x03 7 1', 'aio_flush', 'read -v 0 8']);
    await probed(['writev -P 0x03 7 1', 'read -v 0 8']);

    t.banner('with -f raw the same write is allowed');
    await t.io(['write -P 0x03 7 1', 'read -v 0 8']);
    await t.qemuImg(['info', img], { filters: [imgInfoFilter(t.env)] });

    t.banner('other tools warn too');
    await t.qemuImg(['info', t.path('other.img')], { status: true });
    await t.makeTestImg('64k', { img: t.path('other.img'), quiet: true });
    await t.qemuImg(['info', t.path('other.img')], { filters: [imgInfoFilter(t.env)] });
    await t.qemuImg(['resize', t.path('other.img'), '128k'], { status: true });
    await t.qemuImg(['compare', t.path('other.img'), t.path('other.img')], { status: true });
    await t.qemuImg(['map', t.path('other.img')], { status: true });
  },
};
export default test;
