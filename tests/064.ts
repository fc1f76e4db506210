// 064: qemu-img convert to and from qcow2: -c (zlib, zstd), -B, -n, -S, and compare of the results.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'convert', 'compress', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'conversions involving qcow2 keep the data, compress when asked, and map as QEMU maps them',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    const check = (n: string) => t.qemuImg(['check', p(n)], { status: true });
    const map = (n: string) => t.qemuImg(['map', '--output=json', p(n)], { status: true });
    await t.qemuImg(['create', '-f', 'raw', p('src.raw'), '4M']);
    await t.io(['write -q -P 0x21 0 1M', 'write -q -P 0x22 2M 4k', 'write -q -P 0x23 3M 64k'], { img: p('src.raw'), fmt: 'raw' });

    t.banner('raw to qcow2, then back');
    await t.qemuImg(['convert', '-f', 'raw', '-O', 'qcow2', p('src.raw'), p('a.qcow2')], { status: true });
    await map('a.qcow2');
    await t.qemuImg(['convert', '-O', 'raw', p('a.qcow2'), p('back.raw')], { status: true });
    await t.qemuImg(['compare', '-f', 'raw', '-F', 'raw', p('src.raw'), p('back.raw')], { status: true });

    for (const type of ['zlib', 'zstd']) {
      t.banner(`convert -c with compression_type=${type}`);
      await t.qemuImg(['convert', '-c', '-O', 'qcow2', '-o', `compression_type=${type},cluster_size=4k`, '-f', 'raw', p('src.raw'), p('c.qcow2')], { status: true });
      await t.qemuImg(['info', p('c.qcow2')], { extraFilters: [infoDiskSizeFilter] });
      await check('c.qcow2');
      await map('c.qcow2');
      await t.io(['read -P 0x21 0 1M', 'read -P 0 1M 1M', 'read -P 0x22 2M 4k', 'read -P 0x23 3M 64k'], { img: p('c.qcow2') });
      await t.qemuImg(['compare', '-f', 'raw', p('src.raw'), p('c.qcow2')], { status: true });
      await t.qemuImg(['convert', '-O', 'qcow2', p('c.qcow2'), p('d.qcow2')], { status: true });
      await t.qemuImg(['compare', p('c.qcow2'), p('d.qcow2')], { status: true });
      await check('d.qcow2');
    }

    t.banner('-c to a raw target is refused');
    await t.qemuImg(['convert', '-c', '-O', 'raw', p('a.qcow2'), p('bad.raw')], { status: true });

    t.banner('-B: only the differences from the backing file are written');
    await t.io(['write -q -P 0x24 1M 4k', 'write -q -z 0 64k'], { img: p('a.qcow2') });
    await t.qemuImg(['convert', '-O', 'qcow2', '-B', 'src.raw', '-F', 'raw', p('a.qcow2'), p('ovl.qcow2')], { status: true });
    await map('ovl.qcow2');
    await t.qemuImg(['compare', p('a.qcow2'), p('ovl.qcow2')], { status: true });

    t.banner('-n into an existing qcow2 image, -S sparse detection');
    await t.qemuImg(['create', '-f', 'qcow2', p('n.qcow2'), '4M']);
    await t.io('write -q -P 0x99 0 4M', { img: p('n.qcow2') });
    await t.qemuImg(['convert', '-n', '-f', 'raw', '-O', 'qcow2', p('src.raw'), p('n.qcow2')], { status: true });
    await map('n.qcow2');
    await t.qemuImg(['compare', '-f', 'raw', '-F', 'qcow2', p('src.raw'), p('n.qcow2')], { status: true });
    for (const s of ['0', '4k', '64k']) {
      await t.qemuImg(['convert', '-S', s, '-f', 'raw', '-O', 'qcow2', '-o', 'cluster_size=4k', p('src.raw'), p('s.qcow2')], { status: true });
      await map('s.qcow2');
    }
    await t.qemuImg(['convert', '-S', '1000', '-f', 'raw', '-O', 'qcow2', p('src.raw'), p('s.qcow2')], { status: true });
  },
};
export default test;
