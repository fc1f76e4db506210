// 140: a refused qcow2 create removes the image (and its data file) again, and the snapshot table ends unpadded.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'snapshot', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qcow2_co_create_opts deletes what it created on failure (even a file that existed); snapshot -c leaves QEMU-sized images',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const exists = async (name: string) => t.echo(`${name} exists: ${(await t.exists(name)) ? 'yes' : 'no'}`);

    t.banner('creation refused by the qcow2 driver');
    for (const opts of [['-o', 'cluster_size=0'], ['-o', 'compat=0.10,lazy_refcounts=on'], ['-o', 'refcount_bits=3'], ['-o', 'data_file_raw=on'], []]) {
      await t.writeFile('t.qcow2', 'old contents');
      const size = opts.length ? '1M' : '1E';
      await t.qemuImg(['create', '-f', 'qcow2', ...opts, img, size], { status: true });
      await exists('t.qcow2');
    }
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=2M', img, '1E'], { status: true });
    await t.qemuImg(['create', '-f', 'qcow2', img, '9223372036854775296'], { status: true });

    t.banner('an external data file goes too');
    await t.writeFile('d.raw', 'data');
    await t.qemuImg(['create', '-f', 'qcow2', '-o', `compat=0.10,data_file=${t.path('d.raw')}`, img, '1M'], { status: true });
    await exists('t.qcow2');
    await exists('d.raw');

    t.banner('refusals before the driver runs leave the file alone');
    await t.writeFile('t.qcow2', 'old contents');
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'lazy_refcounts=x', img, '1M'], { status: true });
    await exists('t.qcow2');
    await t.qemuImg(['create', '-f', 'qcow2', '-b', t.path('nofile'), '-F', 'raw', img], { status: true });
    await exists('t.qcow2');

    t.banner('snapshot table size');
    await t.makeTestImg('1M', { quiet: true });
    await t.io('write -q -P 0x5a 0 64k');
    for (const [op, name] of [['-c', 's1'], ['-c', 'snap2'], ['-c', ''], ['-d', 's1'], ['-d', 'snap2']]) {
      await t.qemuImg(['snapshot', op!, name!, img], { status: true });
      t.echo(`after snapshot ${op} '${name}': ${await t.fileSize('t.qcow2')} bytes`);
    }
    await t.checkTestImg();
  },
};
export default test;
