// 018: qemu-img dd: whole copies, bs/count/skip, sizes of the result, operand errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'dd', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-img dd copies the selected blocks and sizes the output like dd, with QEMU\'s operand errors',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const src = t.env.TEST_IMG;
    const out = t.path(`out.${fmt}`);
    const dd = (...ops: string[]) => t.qemuImg(['dd', '-f', fmt, '-O', fmt, ...ops], { status: true });
    const info = () => t.qemuImg(['info', '-f', fmt, out], { filters: [imgInfoFilter(t.env)] });
    await t.makeTestImg('1M');
    await t.io(['write -q -P 0x01 0 4k', 'write -q -P 0x02 4k 4k', 'write -q -P 0x03 8k 4k', 'write -q -P 0x04 1020k 4k']);

    t.banner('the whole image');
    await dd(`if=${src}`, `of=${out}`);
    await info();
    await t.qemuImg(['compare', '-f', fmt, '-F', fmt, src, out]);

    t.banner('three 4 KiB blocks after skipping one');
    await t.remove(out);
    await dd(`if=${src}`, `of=${out}`, 'bs=4k', 'count=3', 'skip=1');
    await info();
    await t.io(['read -P 0x02 0 4k', 'read -P 0x03 4k 4k', 'read -P 0 8k 4k'], { img: out });

    t.banner('odd block sizes and counts');
    await t.remove(out);
    await dd(`if=${src}`, `of=${out}`, 'bs=3', 'count=2');
    await info();
    await t.remove(out);
    await dd(`if=${src}`, `of=${out}`, 'bs=1M', 'count=0');
    await info();
    await t.remove(out);
    await dd(`if=${src}`, `of=${out}`, 'bs=512', 'skip=2040');
    await info();
    await t.io(['read -P 0x04 0 4k'], { img: out });

    t.banner('errors');
    await dd(`if=${src}`);
    await dd(`of=${out}`);
    await dd(`if=${src}`, `of=${out}`, 'bs=0');
    await dd(`if=${src}`, `of=${out}`, 'bs=1x');
    await dd(`if=${src}`, `of=${out}`, 'count=-1');
    await dd(`if=${src}`, `of=${out}`, 'foo=1');
    await dd(`if=${src}`, `of=${out}`, 'skip=10M');
    await dd(`if=${t.path('missing.img')}`, `of=${out}`);
    await dd(`if=${src}`, `of=${out}`, 'extra');
    await t.qemuImg(['dd', '-f', fmt, '-O', 'bogus', `if=${src}`, `of=${out}`], { status: true });
  },
};
export default test;
