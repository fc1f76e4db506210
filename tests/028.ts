// 028: sparse output of qemu-img convert to raw: zero blocks become holes unless -S 0, seen through qemu-img map.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'convert', 'map', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'convert detects zero data (-S sizes) and leaves holes in a raw target exactly where QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const src = t.env.TEST_IMG;
    const map = (img: string) => t.qemuImg(['map', '-f', 'raw', img], { status: true });
    await t.makeTestImg('1M');
    await t.io(['write -q -P 0x01 0 4k', 'write -q -P 0 64k 64k', 'write -q -P 0x02 200k 1', 'write -q -P 0 512k 512k', 'write -q -P 0x03 1020k 4k']);

    t.banner('the source: explicit zeroes are data');
    await map(src);

    for (const s of [undefined, '4k', '512', '64k', '0']) {
      const out = t.path(`out${s ?? ''}.raw`);
      t.banner(s === undefined ? 'default sparse detection' : `-S ${s}`);
      await t.qemuImg(['convert', '-f', 'raw', '-O', 'raw', ...(s === undefined ? [] : ['-S', s]), src, out], { status: true });
      await map(out);
      await t.qemuImg(['compare', '-f', 'raw', '-F', 'raw', src, out], { status: true });
    }

    t.banner('into an existing image with -n: zero areas are written as zeroes');
    const pre = t.path('pre.raw');
    await t.makeTestImg('1M', { img: pre, quiet: true });
    await t.io('write -q -P 0x77 0 1M', { img: pre });
    await t.qemuImg(['convert', '-n', '-f', 'raw', '-O', 'raw', src, pre], { status: true });
    await t.qemuImg(['compare', '-f', 'raw', '-F', 'raw', src, pre], { status: true });
    await map(pre);
  },
};
export default test;
