// 178: qemu-img map windows and bench offsets at the int64 edges: printed exactly, and a window whose end passes INT64_MAX maps nothing (QEMU adds as int64).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'auto', 'quick'],
  formats: ['generic'],
  purpose: 'map --start-offset/--max-length and bench -o near 2^53 and 2^63, as QEMU 7.2 prints and limits them',
  async run(t) {
    await t.makeTestImg('1M');
    await t.io(['write -q -P 0x11 64k 64k']);
    const map = (...opts: string[]) => t.qemuImg(['map', '-f', t.env.IMGFMT, ...opts, '--output=json', t.env.TEST_IMG], { status: true });

    t.banner('a start past the image end: one empty entry, its start printed exactly');
    await map('--start-offset=9223372036854775807');
    await map('--start-offset=9007199254740993');
    await map('--start-offset=1M');

    t.banner('start + max-length past INT64_MAX wraps: nothing is mapped');
    await map('--start-offset=512k', '--max-length=9223372036854775807');
    await map('--start-offset=1', '--max-length=9223372036854775807');

    t.banner('max-length alone may be INT64_MAX; windows inside the image');
    await map('--max-length=9223372036854775807');
    await map('--start-offset=32k', '--max-length=64k');
    await map('--start-offset=32k');

    t.banner('bench from an offset past the image: the offset printed exactly, then the failed request');
    await t.qemuImg(['bench', '-f', t.env.IMGFMT, '-c', '1', '-o', '9223372036854775807', t.env.TEST_IMG], { status: true });
    await t.qemuImg(['bench', '-f', t.env.IMGFMT, '-c', '1', '-o', '9007199254740993', t.env.TEST_IMG], { status: true });
  },
};
export default test;
