// 017: qemu-img measure for raw and qcow2 targets, from a size or from an image, and its errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { chain, programFilter, testDirFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'measure', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-img measure gives QEMU\'s required and fully allocated sizes, human and JSON',
  async run(t) {
    t.requireNoImgOpts();
    const fmt = t.env.IMGFMT;
    const img = t.env.TEST_IMG;
    // Only the source image is in IMGFMT; target format names in messages stay as they are.
    const filters = [chain(programFilter(t.env), testDirFilter(t.env))];
    const measure = (...args: string[]) => t.qemuImg(['measure', ...args], { filters, status: true });
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x33 0 64k');

    t.banner('raw targets');
    for (const s of ['0', '1', '513', '1G', '1T']) await measure('-O', 'raw', '--size', s);
    await measure('--size', '1G');
    await measure('-O', 'raw', '-o', 'preallocation=full', '--size', '1G');
    await measure('-f', fmt, '-O', 'raw', img);
    await measure('-f', fmt, '-O', 'raw', '--output=json', img);

    t.banner('qcow2 targets');
    for (const s of ['0', '64k', '1G', '1T']) await measure('-O', 'qcow2', '--size', s);
    await measure('-O', 'qcow2', '-o', 'cluster_size=4k', '--size', '1G');
    await measure('-O', 'qcow2', '-o', 'preallocation=metadata', '--size', '1G', '--output=json');
    await measure('-f', fmt, '-O', 'qcow2', img);

    t.banner('errors');
    await measure('-O', 'raw');
    await measure('-O', 'raw', '--size', '1x');
    await measure('-O', 'raw', '--size', '--', '-1');
    await measure('-O', 'raw', '--size', '1G', img);
    await measure('-O', 'bogus', '--size', '1G');
    await measure('-O', 'raw', '-o', 'bogus=1', '--size', '1G');
    await measure('-f', fmt, '-O', 'raw', '--output=xml', img);
    await measure('-f', fmt, '-O', 'raw', t.path('missing.img'));
    await measure('-f', fmt, '-O', 'raw', img, img);
  },
};
export default test;
