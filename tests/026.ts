// 026: qemu-img convert between raw and qcow2 in both directions keeps every byte, sparse or not.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';
import { ioPattern } from '../common/pattern.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'convert', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'a round trip IMGFMT -> qcow2 -> raw -> IMGFMT reproduces the guest data exactly',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const src = t.env.TEST_IMG;
    const q = t.path('mid.qcow2');
    const r = t.path('mid.raw');
    const back = t.path(`back.${fmt}`);
    const range = { start: 4095, size: 3000, step: 200 * 1024, count: 10, pattern: 0x10, patternStep: 7 };
    await t.makeTestImg('2M');
    await ioPattern(t, 'write', range, { extraFilters: [(s) => ''] });
    await t.io(['write -q -z 1M 64k', 'write -q -P 0xff 2097151 1']);

    t.banner('to qcow2');
    await t.qemuImg(['convert', '-f', fmt, '-O', 'qcow2', src, q], { status: true });
    await t.qemuImg(['info', '-f', 'qcow2', q], { filters: [imgInfoFilter({ ...t.env, IMGFMT: 'qcow2' })] });
    await t.qemuImg(['check', '-f', 'qcow2', q], { extraFilters: [(s) => s.replace(/^Image end offset: \d+\n/m, '')], status: true });

    t.banner('to raw, with and without sparse detection');
    await t.qemuImg(['convert', '-f', 'qcow2', '-O', 'raw', q, r], { status: true });
    await t.qemuImg(['convert', '-f', 'qcow2', '-O', 'raw', '-S', '0', q, t.path('full.raw')], { status: true });
    t.echo(`raw sizes: ${await t.fileSize(r)} ${await t.fileSize(t.path('full.raw'))}`);

    t.banner('back to the original format');
    await t.qemuImg(['convert', '-f', 'raw', '-O', fmt, r, back], { status: true });

    t.banner('every copy has the same data');
    await ioPattern(t, 'verify', range, { img: back, fmt, extraFilters: [(s) => s.replace(/^read .*\n.*\n/gm, '')] });
    await t.io(['read -P 0 1M 64k', 'read -P 0xff 2097151 1'], { img: back });
    for (const [a, fa, b, fb] of [[src, fmt, q, 'qcow2'], [q, 'qcow2', r, 'raw'], [r, 'raw', back, fmt], [src, fmt, t.path('full.raw'), 'raw']]) {
      await t.qemuImg(['compare', '-f', fa, '-F', fb, a, b], { status: 'always' });
    }
  },
};
export default test;
