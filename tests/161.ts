// 161: qemu-img numbers at their edges (sizes out of range, sizes that wrap when rounded), measure with a backing file, bench -S 0, refcount overflow, a qcow2 size that is not whole sectors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { benchTimeFilter } from '../common/filter.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['qcow2', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'size options past 2^64 are "out of range", qcow2 sizes rounding past INT64_MAX are "negative", and other edge cases match QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const x = t.path('x.img');

    t.banner('a size option past 2^64 is out of range (other junk keeps the hint)');
    await t.qemuImg(['create', '-f', 'raw', '-o', 'size=16E', x], { status: true });
    await t.qemuImg(['create', '-f', 'raw', '-o', 'size=99999999999999999999', x], { status: true });
    await t.qemuImg(['create', '-f', 'raw', '-o', 'size=1x', x], { status: true });
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=16E', x, '1M'], { status: true });
    await t.qemuImg(['measure', '--size', '1M', '-O', 'qcow2', '-o', 'cluster_size=16E'], { status: true });
    await t.qemuImg(['create', '-f', 'raw', '-o', 'extent_size_hint=16E', x, '1M'], { status: true });
    await createQcow2(t, 'img.qcow2', '1M');
    await t.qemuImg(['amend', '-o', 'size=16E', img], { status: true });
    await t.qemuImg(['info', '--image-opts', `driver=qcow2,file.filename=${img},l2-cache-size=16E`], { status: true });

    t.banner('qcow2 sizes are rounded up to sectors before the length check');
    for (const size of ['9223372036854775807', '9223372036854775297', '9223372036854775296', '9223372035781033985', '9223372035781033984']) {
      await t.qemuImg(['create', '-q', '-f', 'qcow2', x, size], { status: true });
    }

    t.banner('measure with a backing file counts every cluster of the source');
    await t.qemuImg(['create', '-q', '-f', 'raw', t.path('base.raw'), '1M']);
    await t.io(['write -P 1 0 256k'], { img: t.path('base.raw'), fmt: 'raw' });
    await t.qemuImg(['create', '-q', '-f', 'qcow2', '-b', t.path('base.raw'), '-F', 'raw', img]);
    await t.io(['write -P 2 64k 64k'], { img });
    await t.qemuImg(['measure', '-O', 'qcow2', img]);
    await t.qemuImg(['measure', '-O', 'qcow2', '-o', `backing_file=${t.path('base.raw')}`, img]);
    await t.qemuImg(['measure', '-O', 'qcow2', '-o', `backing_file=${t.path('base.raw')},backing_fmt=raw,cluster_size=4k`, img]);
    await t.qemuImg(['measure', '-O', 'qcow2', '-o', `backing_file=${t.path('base.raw')}`, '--size', '1M']);

    t.banner('bench -S 0 steps by the buffer size');
    await t.qemuImg(['create', '-q', '-f', 'raw', x, '1M']);
    await t.qemuImg(['bench', '-f', 'raw', '-c', '3', '-d', '2', '-s', '1k', '-S', '0', '-w', '--pattern=1', x], { extraFilters: [benchTimeFilter] });
    await t.io(['read -P 1 0 3k', 'read -P 0 3k 1k'], { img: x, fmt: 'raw' });

    t.banner('a snapshot that would overflow 1-bit refcounts');
    await createQcow2(t, 'img.qcow2', '1M', 'refcount_bits=1');
    await t.io(['write -P 1 0 64k'], { img });
    await t.qemuImg(['snapshot', '-c', 's', img], { status: true });
    await t.qemuImg(['snapshot', '-l', img], { status: true });
    await t.checkTestImg({ img });

    t.banner('a virtual size that is not a multiple of 512 is cut down to whole sectors');
    await createQcow2(t, 'img.qcow2', '1M');
    await t.io(['write -P 1 0 64k'], { img });
    await t.pokeBE('img.qcow2', 24, 0xfffff, 8);
    await t.qemuImg(['info', '--output=json', img], { extraFilters: [(s) => s.replace(/"actual-size": \d+/g, '"actual-size": SIZE')] });
    await t.qemuImg(['map', '--output=json', img]);
    await t.qemuImg(['resize', img, '+512'], { status: true });
    await t.pokeBE('img.qcow2', 24, 0xfffff, 8);
    await t.qemuImg(['snapshot', '-c', 's', img], { status: true });
    await t.io(['read -v 24 8'], { img, fmt: 'raw' });
  },
};
export default test;
