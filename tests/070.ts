// 070: qemu-img info on qcow2: the format-specific section (human and json) for v2, v3 and its options, --backing-chain (extended L2: 093).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, infoDiskSizeFilter, infoJsonActualSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'info', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-img info shows every qcow2 property exactly as QEMU does, in both output formats',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const info = async (name: string, ...extra: string[]): Promise<void> => {
      await t.qemuImg(['info', ...extra, t.path(name)], { extraFilters: [infoDiskSizeFilter], status: true });
      await t.qemuImg(['info', '--output=json', ...extra, t.path(name)], { extraFilters: [infoJsonActualSizeFilter], status: true });
    };
    const variants = ['compat=0.10', 'compat=1.1', 'lazy_refcounts=on,refcount_bits=1', 'refcount_bits=64,cluster_size=512',
      'compression_type=zstd,cluster_size=2M'];
    for (const v of variants) {
      t.banner(v);
      await createQcow2(t, 'img.qcow2', '100M', v);
      await info('img.qcow2');
    }

    t.banner('a chain with a raw base: --backing-chain');
    await t.qemuImg(['create', '-f', 'raw', t.path('base.raw'), '64M']);
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'compat=0.10', '-b', 'base.raw', '-F', 'raw', t.path('mid.qcow2')]);
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'mid.qcow2', '-F', 'qcow2', img, '128M']);
    await info('img.qcow2', '--backing-chain');
    await t.qemuImg(['info', '-f', 'qcow2', '--backing-chain', t.path('base.raw')], { status: true });

    t.banner('sizes that are not whole units');
    await createQcow2(t, 'img.qcow2', '1000000000', '');
    await info('img.qcow2');
    await createQcow2(t, 'img.qcow2', '3T', 'cluster_size=2M');
    await info('img.qcow2');
  },
};
export default test;
