// 059: qcow2 overlays on a backing file: read-through, copy-on-write from the backing file, a shorter backing file.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'an overlay reads through to its backing file and copies partial clusters from it on write',
  async run(t) {
    t.requireNoImgOpts();
    const top = t.path('top.qcow2');
    for (const [fmt, cs] of [['raw', '4k'], ['qcow2', '512'], ['qcow2', '64k'], ['qcow2', '2M']] as const) {
      t.banner(`backing ${fmt}, overlay cluster_size=${cs}`);
      const base = t.path(`base.${fmt}`);
      await t.qemuImg(['create', '-f', fmt, base, '4M']);
      await t.io(['write -q -P 0xb1 0 4M', 'write -q -P 0xb2 1M 1M'], { img: base, fmt });
      await createQcow2(t, 'top.qcow2', '', `cluster_size=${cs},backing_file=${base},backing_fmt=${fmt}`);
      await t.io(['read -P 0xb1 0 1M', 'read -P 0xb2 1M 1M', 'read -P 0xb1 2M 2M'], { img: top });

      t.banner('copy-on-write from the backing file');
      await t.io(['write -P 0x70 1000 100', 'write -P 0x71 2097000 300', 'write -z 3M 1000'], { img: top });
      await t.io(['read -P 0xb1 0 1000', 'read -P 0x70 1000 100', 'read -P 0xb1 1100 1047476', 'read -P 0xb2 1M 1048360',
        'read -P 0x71 2097000 300', 'read -P 0xb1 2097300 1048276', 'read -P 0 3M 1000', 'read -P 0xb1 3146728 1047576'], { img: top });
      await t.io(['map', 'alloc 0 4M'], { img: top });
      await t.io(['read -P 0xb1 0 1M', 'read -P 0xb2 1M 1M', 'read -P 0xb1 2M 2M'], { img: base, fmt });
      await t.qemuImg(['check', top], { status: true });
    }

    t.banner('a backing file shorter than the overlay');
    await t.qemuImg(['create', '-f', 'qcow2', t.path('short.qcow2'), '1M']);
    await t.io('write -q -P 0x5a 0 1M', { img: t.path('short.qcow2') });
    await createQcow2(t, 'top.qcow2', '3M', `backing_file=short.qcow2,backing_fmt=qcow2,cluster_size=4k`);
    await t.io(['read -P 0x5a 0 1M', 'read -P 0 1M 2M', 'write -P 0x66 1044480 8k', 'read -P 0x5a 0 1044480', 'read -P 0x66 1044480 8k', 'read -P 0 1056768 2088960'], { img: top });
    await t.io(['map'], { img: top });
    await t.qemuImg(['info', '--backing-chain', top], { extraFilters: [infoDiskSizeFilter] });

    t.banner('the backing file grows later: the overlay sees the new data');
    await t.qemuImg(['resize', '-f', 'qcow2', t.path('short.qcow2'), '2M']);
    await t.io('write -q -P 0x5b 1M 1M', { img: t.path('short.qcow2') });
    await t.io(['read -P 0x5a 0 1044480', 'read -P 0x66 1044480 8k', 'read -P 0x5b 1056768 991232', 'read -P 0 2M 1M'], { img: top });
  },
};
export default test;
