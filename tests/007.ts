// 007: qemu-img map on a sparse raw file: human and JSON output, --start-offset and --max-length, errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'map', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-img map reports data and holes of a sparse raw file, windowed by --start-offset/--max-length',
  async run(t) {
    t.requireNoImgOpts();
    await t.makeTestImg('4M');
    const img = t.env.TEST_IMG;
    const map = (...opts: string[]) => t.qemuImg(['map', '-f', t.env.IMGFMT, ...opts, img], { status: true });

    t.banner('a fresh image');
    await map();
    await map('--output=json');

    t.banner('data at 64 KiB, 1 MiB and the last 4 KiB; zeroes written at 2 MiB');
    await t.io(['write -q -P 1 64k 4k', 'write -q -P 2 1M 1', 'write -q -z 2M 64k', 'write -q -P 3 4092k 4k']);
    await map();
    await map('--output=json');
    await map('--output', 'human');

    t.banner('windows');
    await map('--start-offset=100k', '--max-length=64k');
    await map('--start-offset=1M', '--max-length=1', '--output=json');
    await map('--start-offset', '4095k', '--output=json');
    await map('--start-offset=4M');
    await map('--start-offset=1G', '--output=json');
    await map('--max-length=0', '--output=json');

    t.banner('errors');
    await map('--start-offset=-1');
    await map('--start-offset=1x');
    await map('--max-length=-5');
    await map('--output=xml');
    await t.qemuImg(['map'], { status: true });
    await t.qemuImg(['map', '-f', t.env.IMGFMT, img, 'extra'], { status: true });
    await t.qemuImg(['map', '-f', t.env.IMGFMT, t.path('missing.img')], { status: true });
  },
};
export default test;
