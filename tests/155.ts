// 155: a long write that overwrites a compressed cluster frees it only after its later pieces are allocated (QEMU links pieces in parallel tasks), so they cannot reuse it.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'compression', 'alloc', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'host layout (qemu-img map offsets) after overwriting compressed clusters with multi-piece writes matches QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const map = () => t.qemuImg(['map', '--output=json', img], { status: true });

    t.banner('512-byte clusters: the compressed cluster lies in the second of three pieces');
    await createQcow2(t, 'img.qcow2', '2999808', 'cluster_size=512');
    await t.io(['write -c -P 0x77 745472 512', 'write -P 0x26 655360 131072', 'read -P 0x26 655360 131072'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('512-byte clusters with a backing file, unaligned overwrite');
    await createQcow2(t, 'base.qcow2', '1M');
    await t.io(['write -P 0x11 0 1M'], { img: t.path('base.qcow2') });
    await createQcow2(t, 'img.qcow2', '1M', `cluster_size=512,backing_file=${t.path('base.qcow2')},backing_fmt=qcow2`);
    await t.io(['write -c -P 0x77 117248 512', 'write -P 0x28 60769 269998', 'write -P 0x2a 393216 262144', 'read -P 0x11 0 60769', 'read -P 0x28 60769 269998'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('64k clusters: several compressed clusters under one write');
    await createQcow2(t, 'img.qcow2', '8M');
    await t.io(['write -c -P 1 1M 64k', 'write -c -P 2 3M 64k', 'write -P 3 0 4M', 'write -P 4 6M 64k'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
