// 200: qcow2 snapshot -d when the refcount table points nowhere: the header QEMU 7.2 leaves (new count, old table offset).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createWithSnapshot, describeHeader, pokeField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'deleting the last snapshot writes the new (empty) table into the header, then frees the old table; with the refcount table offset corrupt that free marks the image corrupt, and the header rewrite that comes with it carries the new snapshot count but still the old table offset, as QEMU keeps the table\'s place in memory until the free is done',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    await createWithSnapshot(t, 'img.qcow2', ['write -q -P 1 0 8k', 'write -q -P 2 64k 4k'], ['write -q -P 4 0 4k']);
    const fields = ['nb_snapshots', 'snapshots_offset', 'incompatible_features'] as const;
    t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));

    t.banner('refcount table offset far past the file');
    await pokeField(t, 'img.qcow2', 'refcount_table_offset', 0xff000000001000n);
    await t.qemuImg(['snapshot', '-d', 's1', img], { status: true });
    t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
    await t.qemuImg(['snapshot', '-l', img], { status: true });
  },
};
export default test;
