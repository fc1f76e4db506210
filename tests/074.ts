// 074: qemu-img compare and measure with qcow2 images: differences, strict mode, sizes, chains, measure output.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'compare', 'measure', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'compare and measure report on qcow2 images exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    const cmp = (...args: string[]) => t.qemuImg(['compare', ...args], { status: 'always' });
    const measure = (...args: string[]) => t.qemuImg(['measure', ...args], { status: true });
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=4k', p('a.qcow2'), '4M']);
    await t.qemuImg(['create', '-f', 'qcow2', p('b.qcow2'), '4M']);
    await t.io(['write -q -P 0x11 0 1M', 'write -q -z 2M 64k'], { img: p('a.qcow2') });
    await t.io(['write -q -P 0x11 0 1M', 'write -q -P 0 3M 64k'], { img: p('b.qcow2') });

    t.banner('identical contents, different allocation');
    await cmp(p('a.qcow2'), p('b.qcow2'));
    await cmp('-s', p('a.qcow2'), p('b.qcow2'));
    await cmp('-f', 'qcow2', '-F', 'qcow2', '-q', p('a.qcow2'), p('b.qcow2'));

    t.banner('a difference in one byte');
    await t.io('write -q -P 0x12 777777 1', { img: p('b.qcow2') });
    await cmp(p('a.qcow2'), p('b.qcow2'));
    await cmp('-q', p('a.qcow2'), p('b.qcow2'));

    t.banner('different sizes');
    await t.qemuImg(['resize', p('b.qcow2'), '5M']);
    await t.io('write -q -P 0x11 777777 1', { img: p('b.qcow2') });
    await cmp(p('a.qcow2'), p('b.qcow2'));
    await cmp('-s', p('a.qcow2'), p('b.qcow2'));
    await t.io('write -q -P 0x13 4194305 1', { img: p('b.qcow2') });
    await cmp(p('a.qcow2'), p('b.qcow2'));
    await cmp(p('b.qcow2'), p('a.qcow2'));

    t.banner('an overlay against its backing file');
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'a.qcow2', '-F', 'qcow2', p('o.qcow2')]);
    await cmp(p('a.qcow2'), p('o.qcow2'));
    await t.io('write -q -P 0x14 2M 512', { img: p('o.qcow2') });
    await cmp(p('a.qcow2'), p('o.qcow2'));
    await cmp(p('a.qcow2'), p('missing.qcow2'));

    t.banner('measure');
    await measure('--size', '1G', '-O', 'qcow2');
    await measure('--size', '1G', '-O', 'qcow2', '-o', 'cluster_size=512,refcount_bits=64');
    await measure('--size', '10T', '-O', 'qcow2', '-o', 'cluster_size=2M', '--output=json');
    await measure('--size', '1G', '-O', 'qcow2', '-o', 'preallocation=metadata');
    await measure('--size', '1G', '-O', 'qcow2', '-o', 'preallocation=full');
    await measure('-O', 'qcow2', p('a.qcow2'));
    await measure('-O', 'qcow2', '-o', 'cluster_size=512', p('a.qcow2'));
    await measure('-O', 'raw', p('a.qcow2'));
    await measure('-O', 'qcow2', '--output=json', p('o.qcow2'));
    await measure('-O', 'qcow2', '-f', 'raw', p('a.qcow2'));
    await measure('--size', '1G', '-O', 'qcow2', '-o', 'cluster_size=3000');
    await measure('--size', '1G', '-O', 'qcow2', p('a.qcow2'));
    await measure('-O', 'qcow2');
  },
};
export default test;
