// 207: amend -o refcount_bits places the new refcount structures as QEMU's walks do and reports their progress step for step, failures included.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { progressLinesFilter } from '../common/filter.ts';
import { createQcow2 } from '../common/qcow2.ts';


const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'refcount', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'the refcount width change allocates new refblocks range by range, then the table, as QEMU; progress and errors match',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const p = { extraFilters: [progressLinesFilter], status: true };
    for (const [opts, ops, to] of [
      // Free clusters between compressed ones: the new blocks go into the gaps, then the table.
      ['cluster_size=512', ['write -c -P 3 112k 960k', 'discard 56k 28k', 'discard 156k 384k'], '64'],
      ['cluster_size=512', ['write -P 1 0 64k'], '2'],
      ['cluster_size=4k,refcount_bits=64', ['write -P 2 1M 3M'], '1'],
      ['cluster_size=64k', ['write -P 4 0 1M', 'write -P 5 100M 64k'], '8'],
    ] as const) {
      t.banner(`${opts}: refcount_bits=${to}`);
      await createQcow2(t, 'img.qcow2', '128M', opts);
      await t.io([...ops], { img, fmt: 'qcow2' });
      await t.qemuImg(['amend', '-p', '-o', `refcount_bits=${to}`, img], p);
      await t.qemuImg(['check', img], { status: true });
      t.echo(`file length: ${await t.fileSize('img.qcow2')}`);
    }

    t.banner('a refcount too wide for the new width: the first such cluster is named, after the 100%');
    await createQcow2(t, 'img.qcow2', '8M', 'cluster_size=512');
    await t.io(['write -q -P 1 0 64k'], { img, fmt: 'qcow2' });
    await t.qemuImg(['snapshot', '-c', 's', img]);
    await t.qemuImg(['amend', '-p', '-o', 'refcount_bits=1', img], p);
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
