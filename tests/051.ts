// 051: qcow2 creation options: -o help, valid spellings, and every refusal with QEMU's text.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader } from '../common/qcow2.ts';

const BAD = [
  'cluster_size=256', 'cluster_size=4M', 'cluster_size=3000', 'cluster_size=foo', 'compat=2.0', 'compat=0.10,lazy_refcounts=on',
  'compat=0.10,compression_type=zstd', 'compression_type=lz4', 'preallocation=bogus', 'lazy_refcounts=maybe',
  'extended_l2=on,cluster_size=4k', 'compat=0.10,extended_l2=on', 'bogus_option=1', 'backing_fmt=raw',
  'compat=', 'encryption=on',
];

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'create', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-img create -f qcow2 lists its options and refuses bad ones exactly like QEMU',
  async run(t) {
    t.requireNoImgOpts();
    t.banner('-o help');
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'help']);
    await t.qemuImg(['create', '-f', 'qcow2', '-o', '?', t.path('img.qcow2'), '1M'], { status: true });

    t.banner('compat spellings');
    for (const compat of ['0.10', 'v2', '1.1', 'v3']) {
      await createQcow2(t, 'img.qcow2', '1M', `compat=${compat}`);
      t.echo(...(await describeHeader(t, 'img.qcow2', ['version', 'header_length'])));
    }

    t.banner('size as an option and suffixes');
    await createQcow2(t, 'img.qcow2', '1G', 'cluster_size=2M,size=2G');
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'size=3M', t.path('img.qcow2')], { status: true });
    await createQcow2(t, 'img.qcow2', '1536k', 'cluster_size=1k');
    await createQcow2(t, 'img.qcow2', '1.5M', 'cluster_size=1k');

    t.banner('refused options');
    for (const o of BAD) await createQcow2(t, 'bad.qcow2', '1M', o);
    t.echo(`bad image exists: ${await t.exists('bad.qcow2')}`);
  },
};
export default test;
