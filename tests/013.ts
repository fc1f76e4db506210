// 013: qemu-img convert between images: data preserved, -n into an existing image, concatenation, errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'convert', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-img convert copies guest data exactly, honours -n/-S/-m/-W, and rejects bad options exactly',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const src = t.env.TEST_IMG;
    const dst = t.path(`dst.${fmt}`);
    const img = (...args: string[]) => t.qemuImg(args, { status: true });
    const info = (f: string) => t.qemuImg(['info', '-f', fmt, f], { filters: [imgInfoFilter(t.env)] });
    await t.makeTestImg('1M');
    await t.io(['write -q -P 0x01 0 64k', 'write -q -P 0x02 512k 4k', 'write -q -P 0x03 1048575 1']);

    t.banner('a plain copy');
    await img('convert', '-f', fmt, '-O', fmt, src, dst);
    await info(dst);
    await t.io(['read -P 0x01 0 64k', 'read -P 0 64k 448k', 'read -P 0x02 512k 4k', 'read -P 0x03 1048575 1'], { img: dst });
    await img('compare', '-f', fmt, '-F', fmt, src, dst);

    t.banner('options that do not change the data');
    await img('convert', '-f', fmt, '-O', fmt, '-S', '4k', '-m', '4', '-W', src, dst);
    await img('convert', '-f', fmt, '-O', fmt, '-S', '0', '-t', 'writeback', '-T', 'none', src, dst);
    await img('convert', '-q', '--image-opts', `driver=${fmt},file.filename=${src}`, '-O', fmt, dst);
    await img('compare', '-f', fmt, '-F', fmt, src, dst);

    t.banner('-n into a larger existing image keeps its tail');
    await t.makeTestImg('2M', { img: dst });
    await t.io('write -q -P 0x04 1536k 4k', { img: dst });
    await img('convert', '-n', '-f', fmt, '-O', fmt, src, dst);
    await t.io(['read -P 0x01 0 64k', 'read -P 0x03 1048575 1', 'read -P 0x04 1536k 4k'], { img: dst });

    t.banner('concatenating two sources');
    await img('convert', '-f', fmt, '-O', fmt, src, src, dst);
    await info(dst);
    await t.io(['read -P 0x01 0 64k', 'read -P 0x03 1048575 1', 'read -P 0x01 1M 64k', 'read -P 0x03 2097151 1'], { img: dst });

    t.banner('errors');
    await img('convert', '-f', fmt, '-O', fmt, t.path('missing.img'), dst);
    await img('convert', '-f', fmt, '-O', 'bogus', src, dst);
    await img('convert', '-f', fmt, src);
    await img('convert', '-f', fmt, '-O', fmt, '-o', 'bogus=1', src, dst);
    await img('convert', '-f', fmt, '-O', fmt, '-S', '3', src, dst);
    await img('convert', '-f', fmt, '-O', fmt, '-S', '1x', src, dst);
    await img('convert', '-f', fmt, '-O', fmt, '-m', '0', src, dst);
    await img('convert', '-f', fmt, '-O', fmt, '-m', '17', src, dst);
    await img('convert', '-f', fmt, '-O', fmt, '-t', 'bogus', src, dst);
    await img('convert', '-f', fmt, '-O', fmt, '-n', src, t.path('missing2.img'));
    await img('convert', '-f', fmt, '-O', fmt, '--bogus', src, dst);
  },
};
export default test;
