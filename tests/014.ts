// 014: qemu-img compare: identical, differing and differently sized images, strict mode, exit statuses.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'compare', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-img compare finds the first differing offset and exits 0, 1 or 2 as QEMU does',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const a = t.env.TEST_IMG;
    const b = t.path(`b.${fmt}`);
    const c = t.path(`c.${fmt}`);
    const cmp = (...args: string[]) => t.qemuImg(['compare', ...args], { status: 'always' });
    await t.makeTestImg('1M');
    await t.makeTestImg('1M', { img: b });
    await t.makeTestImg('2M', { img: c });

    t.banner('two empty images');
    await cmp('-f', fmt, '-F', fmt, a, b);
    await cmp('-f', fmt, '-F', fmt, a, c);

    t.banner('same data written to both');
    await t.io('write -q -P 0x11 4k 60k', { img: a });
    await t.io('write -q -P 0x11 4k 60k', { img: b });
    await cmp('-f', fmt, '-F', fmt, a, b);

    t.banner('one differing byte');
    await t.io('write -q -P 0x12 100k 1', { img: b });
    await cmp('-f', fmt, '-F', fmt, a, b);
    await cmp('-f', fmt, '-F', fmt, b, a);
    await cmp('-q', '-f', fmt, '-F', fmt, a, b);

    t.banner('explicit zeroes against unallocated space');
    await t.io('write -q -P 0x12 100k 1', { img: a });
    await t.io('write -q -z 512k 64k', { img: a });
    await cmp('-f', fmt, '-F', fmt, a, b);

    t.banner('a longer image: zeroes past the end match, data does not');
    await t.io('write -q -P 0x11 4k 60k', { img: c });
    await t.io('write -q -P 0x12 100k 1', { img: c });
    await cmp('-f', fmt, '-F', fmt, a, c);
    await cmp('-f', fmt, '-F', fmt, '-s', a, c);
    await t.io('write -q -P 0x13 1536k 1', { img: c });
    await cmp('-f', fmt, '-F', fmt, a, c);
    await cmp('-f', fmt, '-F', fmt, c, a);

    t.banner('errors');
    await cmp('-f', fmt, '-F', fmt, a, t.path('missing.img'));
    await cmp('-f', fmt, '-F', fmt, t.path('missing.img'), a);
    await cmp('-f', fmt, a);
    await cmp('-f', fmt, '-F', fmt, a, b, c);
    await cmp('-f', 'bogus', a, b);
    await cmp('-f', fmt, '-F', fmt, '-T', 'bogus', a, b);
    await cmp('--image-opts', '-f', fmt, a, b);
  },
};
export default test;
