// 078: qemu-io vectored, asynchronous and copy-on-read I/O on qcow2 across cluster and L2-table boundaries.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'aio', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'requests spanning many clusters and L2 tables, and copy-on-read, behave as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');

    t.banner('512-byte clusters: vectored requests crossing L2 tables');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=512');
    await t.io(['writev -P 0x51 32000 1000 2000 512 333', 'writev -P 0x52 65000 70000', 'readv -P 0x51 32000 3845', 'readv -P 0x52 65000 35000 35000'], { img });
    // One at a time: when independent requests complete together, QEMU's report order varies with thread timing.
    await t.io(['aio_write -P 0x53 200k 100k', 'aio_flush', 'aio_write -P 0x54 300k 3', 'aio_flush', 'aio_write -P 0x55 511k 2k', 'aio_flush',
      'read -P 0x53 200k 100k', 'read -P 0x54 300k 3', 'read -P 0x55 511k 2k'], { img });
    await t.io(['map'], { img });
    await t.qemuImg(['check', img], { status: true });

    t.banner('copy-on-read from a backing file');
    await t.qemuImg(['create', '-f', 'qcow2', t.path('base.qcow2'), '1M']);
    await t.io('write -q -P 0x71 0 1M', { img: t.path('base.qcow2') });
    await createQcow2(t, 'img.qcow2', '', 'cluster_size=4k,backing_file=base.qcow2,backing_fmt=qcow2');
    await t.io(['read -P 0x71 100k 10k', 'read -P 0x71 512k 1'], { img, flags: ['-C'] });
    await t.io(['map'], { img });
    await t.io(['read -P 0x71 0 1M'], { img, flags: ['-C', '-r'], status: true });
    await t.io(['map'], { img });
    await t.qemuImg(['check', img], { status: true });
    await t.io(['read -P 0x71 0 1M'], { img });
  },
};
export default test;
