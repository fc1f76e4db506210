// 088: qemu-img convert into qcow2 with target options: compat, preallocation, cluster sizes, chains flattened, -n --target-is-zero.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'convert', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'convert lays out qcow2 targets with the given options as QEMU does and keeps every byte',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    const conv = (...args: string[]) => t.qemuImg(['convert', ...args], { status: true });
    const map = (n: string) => t.qemuImg(['map', '--output=json', p(n)]);
    const same = (a: string, b: string) => t.qemuImg(['compare', p(a), p(b)], { status: true });
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=4k', p('base.qcow2'), '2M']);
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', p('top.qcow2')]);
    await t.io(['write -q -P 0x61 0 1M', 'write -q -c -P 0x62 1536k 64k'], { img: p('base.qcow2') });
    await t.io(['write -q -z 0 64k', 'write -q -P 0x63 512k 4k'], { img: p('top.qcow2') });

    t.banner('flattening a chain, at several cluster sizes and compat levels');
    for (const o of ['cluster_size=512', 'cluster_size=2M', 'compat=0.10', 'compat=0.10,cluster_size=4k', 'refcount_bits=1']) {
      await conv('-O', 'qcow2', '-o', o, p('top.qcow2'), p('out.qcow2'));
      await map('out.qcow2');
      await same('top.qcow2', 'out.qcow2');
      await t.qemuImg(['check', p('out.qcow2')], { status: true });
    }

    t.banner('preallocated targets');
    for (const mode of ['metadata', 'falloc', 'full']) {
      await conv('-O', 'qcow2', '-o', `preallocation=${mode},cluster_size=64k`, p('top.qcow2'), p('out.qcow2'));
      await map('out.qcow2');
      await same('top.qcow2', 'out.qcow2');
    }

    t.banner('keeping the backing file with -B, and -o backing_file');
    await conv('-O', 'qcow2', '-B', 'base.qcow2', '-F', 'qcow2', p('top.qcow2'), p('out.qcow2'));
    await map('out.qcow2');
    await same('top.qcow2', 'out.qcow2');
    await conv('-O', 'qcow2', '-o', 'backing_file=base.qcow2,backing_fmt=qcow2', p('top.qcow2'), p('out.qcow2'));
    await map('out.qcow2');
    await conv('-c', '-O', 'qcow2', '-B', 'base.qcow2', '-F', 'qcow2', p('top.qcow2'), p('out.qcow2'));
    await map('out.qcow2');
    await same('top.qcow2', 'out.qcow2');

    t.banner('-n with --target-is-zero');
    await t.qemuImg(['create', '-f', 'qcow2', p('n.qcow2'), '2M']);
    await conv('-n', '--target-is-zero', '-O', 'qcow2', p('top.qcow2'), p('n.qcow2'));
    await map('n.qcow2');
    await same('top.qcow2', 'n.qcow2');
    await conv('--target-is-zero', '-O', 'qcow2', p('top.qcow2'), p('n.qcow2'));
    await t.qemuImg(['create', '-f', 'qcow2', p('small.qcow2'), '1M']);
    await conv('-n', '-O', 'qcow2', p('top.qcow2'), p('small.qcow2'));
  },
};
export default test;
