// 062: qemu-img map (human and json) and qemu-io map/alloc through a three-deep qcow2 chain with zero clusters.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'backing', 'map', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'map reports the depth, zero and data flags and host offsets of every layer as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=4k', p('base.qcow2'), '1M']);
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', '-o', 'cluster_size=64k', p('mid.qcow2'), '2M']);
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'mid.qcow2', '-F', 'qcow2', '-o', 'cluster_size=512', p('top.qcow2'), '3M']);
    await t.io(['write -q -P 1 0 512k', 'write -q -z 512k 64k', 'write -q -c -P 2 768k 4k'], { img: p('base.qcow2') });
    await t.io(['write -q -P 3 256k 128k', 'write -q -z 0 64k', 'write -q -P 4 1536k 64k'], { img: p('mid.qcow2') });
    await t.io(['write -q -P 5 300k 1k', 'write -q -z 2M 512', 'write -q -P 6 2560k 4k', 'discard -q 1536k 512'], { img: p('top.qcow2') });

    for (const n of ['base', 'mid', 'top']) {
      t.banner(`${n}: qemu-img map`);
      await t.qemuImg(['map', p(`${n}.qcow2`)], { status: true });
      await t.qemuImg(['map', '--output=json', p(`${n}.qcow2`)], { status: true });
    }

    t.banner('top: qemu-io map and alloc');
    await t.io(['map', 'alloc 0 3M', 'alloc 300k 512', 'alloc 2M 512', 'alloc 2M 4k'], { img: p('top.qcow2') });

    t.banner('ranges: --start-offset and --max-length');
    await t.qemuImg(['map', '--output=json', '--start-offset=256k', '--max-length=300k', p('top.qcow2')], { status: true });
    await t.qemuImg(['map', '--start-offset', '1M', '--max-length', '1', p('top.qcow2')], { status: true });
    await t.qemuImg(['map', '--output=json', '--start-offset=4M', p('top.qcow2')], { status: true });
    await t.qemuImg(['map', '--output=json', '--start-offset=-1', p('top.qcow2')], { status: true });

    t.banner('opening the top image read-only through json:');
    await t.qemuImg(['map', '--output=json', `json:{"driver":"qcow2","file":{"driver":"file","filename":"${p('top.qcow2')}"}}`], { status: true });
  },
};
export default test;
