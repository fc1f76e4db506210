// 077: qemu-img commit and rebase (safe mode) on qcow2 chains: data moves down, overlays emptied, -d, -b.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'backing', 'commit', 'rebase', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'commit and rebase move data between layers of a qcow2 chain exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    const map = (n: string) => t.qemuImg(['map', '--output=json', p(n)]);
    const chain = async (): Promise<void> => {
      await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=4k', p('base.qcow2'), '2M']);
      await t.qemuImg(['create', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', p('mid.qcow2')]);
      await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=512', '-b', 'mid.qcow2', '-F', 'qcow2', p('top.qcow2')]);
      await t.io(['write -q -P 0x01 0 2M'], { img: p('base.qcow2') });
      await t.io(['write -q -P 0x02 512k 512k', 'write -q -z 1536k 64k'], { img: p('mid.qcow2') });
      await t.io(['write -q -P 0x03 768k 1k', 'write -q -z 0 4k'], { img: p('top.qcow2') });
    };
    const verify = (n: string) =>
      t.io(['read -P 0 0 4k', 'read -P 0x01 4k 508k', 'read -P 0x02 512k 256k', 'read -P 0x03 768k 1k', 'read -P 0x02 787456 261120',
        'read -P 0x01 1M 512k', 'read -P 0 1536k 64k', 'read -P 0x01 1600k 448k'], { img: p(n) });

    t.banner('commit top into mid');
    await chain();
    await t.qemuImg(['commit', p('top.qcow2')], { status: true });
    await map('top.qcow2');
    await map('mid.qcow2');
    await verify('top.qcow2');
    await verify('mid.qcow2');
    await t.qemuImg(['check', p('mid.qcow2')], { status: true });

    t.banner('commit -d keeps the overlay');
    await chain();
    await t.qemuImg(['commit', '-d', p('top.qcow2')], { status: true });
    await map('top.qcow2');
    await verify('mid.qcow2');

    t.banner('commit -b base through two layers');
    await chain();
    await t.qemuImg(['commit', '-b', p('base.qcow2'), p('top.qcow2')], { status: true });
    await map('base.qcow2');
    await verify('base.qcow2');
    await t.qemuImg(['commit', '-b', p('top.qcow2'), p('mid.qcow2')], { status: true });
    await t.qemuImg(['commit', p('base.qcow2')], { status: true });

    t.banner('rebase top onto base: mid\'s data is copied into top');
    await chain();
    await t.qemuImg(['rebase', '-b', 'base.qcow2', '-F', 'qcow2', p('top.qcow2')], { status: true });
    await map('top.qcow2');
    await verify('top.qcow2');
    await t.qemuImg(['check', p('top.qcow2')], { status: true });

    t.banner('rebase top onto nothing');
    await chain();
    await t.qemuImg(['rebase', '-b', '', p('top.qcow2')], { status: true });
    await map('top.qcow2');
    await verify('top.qcow2');
    await t.qemuImg(['rebase', '-b', 'missing.qcow2', '-F', 'qcow2', p('top.qcow2')], { status: true });
  },
};
export default test;
