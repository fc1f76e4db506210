// 110: creating qcow2 images with extended_l2=on: cluster sizes, preallocation, backing files, refusals, measure and amend.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';
import { describeExtendedL2 } from '../common/qcow2-subclusters.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'create', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-img create, info, measure and amend treat extended L2 entries exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const base = t.path('base.qcow2');
    const create = (opts: string, size = '1M', extra: string[] = []) =>
      t.qemuImg(['create', '-f', 'qcow2', '-o', opts, ...extra, img, size], { status: true });

    t.banner('refused combinations');
    await create('extended_l2=on,compat=0.10');
    await create('extended_l2=on,cluster_size=8k');
    await create('extended_l2=on,cluster_size=4M');
    await create('extended_l2=on,cluster_size=16k,compat=0.10');
    await create('extended_l2=maybe');

    for (const cs of ['16k', '64k', '2M']) {
      for (const prealloc of ['off', 'metadata', 'falloc', 'full']) {
        t.banner(`cluster_size=${cs} preallocation=${prealloc}`);
        await create(`extended_l2=on,cluster_size=${cs},preallocation=${prealloc}`, '1M');
        await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
        await t.qemuImg(['map', '--output=json', img]);
        t.echo(...(await describeExtendedL2(t, 'img.qcow2')));
        await t.checkTestImg({ img });
      }
    }

    t.banner('backing file with preallocation (only allowed with extended_l2=on)');
    await t.qemuImg(['create', '-q', '-f', 'qcow2', base, '4M']);
    await t.io('write -q -P 0x5a 0 4M', { img: base });
    await create('cluster_size=16k,preallocation=metadata', '4M', ['-b', base, '-F', 'qcow2']);
    await create('extended_l2=on,cluster_size=16k,preallocation=metadata', '4M', ['-b', base, '-F', 'qcow2']);
    await t.qemuImg(['map', '--output=json', img]);
    await t.io(['map', 'read -q -P 0x5a 0 4M'], { img });
    await create('extended_l2=on,cluster_size=64k,preallocation=falloc', '4M', ['-b', base, '-F', 'qcow2']);
    await t.qemuImg(['map', img]);
    await t.checkTestImg({ img });

    t.banner('measure');
    for (const o of ['extended_l2=on', 'extended_l2=on,cluster_size=16k', 'extended_l2=on,cluster_size=2M', 'extended_l2=on,cluster_size=8k',
      'extended_l2=on,compat=0.10', 'extended_l2=on,preallocation=full']) {
      await t.qemuImg(['measure', '-O', 'qcow2', '-o', o, '--size', '100G'], { status: true });
    }
    await t.qemuImg(['measure', '--output=json', '-O', 'qcow2', '-o', 'extended_l2=on,cluster_size=16k', '-f', 'qcow2', base]);

    t.banner('amend cannot change extended_l2');
    await create('extended_l2=on,cluster_size=16k');
    await t.qemuImg(['amend', '-o', 'extended_l2=off', img], { status: true });
    await t.qemuImg(['amend', '-o', 'extended_l2=on', img], { status: true });
    await t.qemuImg(['amend', '-o', 'compat=0.10', img], { status: true });
    await t.qemuImg(['amend', '-o', 'refcount_bits=64,lazy_refcounts=on', img], { status: true });
    await t.qemuImg(['info', '--output=json', img], { extraFilters: [(s) => s.replace(/"actual-size": \d+/g, '"actual-size": SIZE')] });
    await t.checkTestImg({ img });
  },
};
export default test;
