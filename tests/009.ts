// 009: qemu-img resize: absolute and relative sizes, --shrink, --preallocation, errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'resize', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-img resize grows and (with --shrink) shrinks images, keeping data below the new end',
  async run(t) {
    const img = t.env.TEST_IMG;
    const fmt = t.env.IMGFMT;
    const resize = (...args: string[]) => t.qemuImg(['resize', ...args], { status: true });
    const info = () => t.qemuImg(['info', '-f', fmt, img], { filters: [imgInfoFilter(t.env)] });
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x42 0 1M');

    t.banner('growing');
    await resize('-f', fmt, img, '2M');
    await resize('-f', fmt, img, '+1M');
    await resize('-f', fmt, img, '+0');
    await info();
    await t.io(['read -P 0x42 0 1M', 'read -P 0 1M 2M']);

    t.banner('shrinking needs --shrink');
    await resize('-f', fmt, img, '--', '-512k');
    await resize('-f', fmt, img, '1M');
    await info();

    t.banner('shrinking with --shrink');
    await resize('-f', fmt, '--shrink', img, '--', '-1M');
    await resize('-f', fmt, '--shrink', img, '512k');
    await info();
    await t.io(['read -P 0x42 0 512k', 'read 512k 512'], { status: true });

    t.banner('quiet, preallocation and --image-opts');
    await resize('-q', '-f', fmt, img, '1M');
    await resize('-f', fmt, '--preallocation=off', img, '2M');
    await resize('--image-opts', `driver=${fmt},file.filename=${img}`, '3M');
    await info();

    t.banner('errors');
    await resize('-f', fmt, img, '1x');
    await resize('-f', fmt, img, '--', '-10M');
    await resize('-f', fmt, '--shrink', img, '0');
    await resize('-f', fmt, img, '8E');
    await resize('-f', fmt, '--preallocation=bogus', img, '4M');
    await resize('-f', fmt, '--image-opts', img, '4M');
    await resize(img);
    await resize('-f', fmt, t.path('missing.img'), '1M');
    await resize('-f', fmt, '--object', 'bogus', img, '4M');
    await info();
  },
};
export default test;
