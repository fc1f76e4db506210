// 205: shrinking an image with extended L2 entries: the discarded tail gets its L2 tables as QEMU's discard does, then the file is trimmed.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'resize', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-io truncate and qemu-img resize --shrink on extended-L2 images leave the same file as QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const [opts, size, data, cut] of [
      ['cluster_size=64k,extended_l2=on', '3000k', [], '512k'],
      ['cluster_size=64k,extended_l2=on', '3000M', ['write -P 1 100M 64k', 'write -P 2 2000M 4k'], '1M'],
      ['cluster_size=16k,extended_l2=on', '3000M', ['write -P 3 1G 24k'], '100k'],
      ['cluster_size=2M,extended_l2=on', '3000M', ['write -P 4 0 4k', 'write -P 5 1500M 8k'], '0'],
    ] as const) {
      t.banner(`${opts}, ${size} cut to ${cut}`);
      await createQcow2(t, 'img.qcow2', size, opts);
      if (data.length) await t.io([...data], { img, fmt: 'qcow2' });
      await t.io([`truncate ${cut}`], { img, fmt: 'qcow2', status: true });
      await t.qemuImg(['check', img], { status: true });
      t.echo(`file length: ${await t.fileSize('img.qcow2')}`);
      await t.qemuImg(['map', '--output=json', img]);
    }

    t.banner('qemu-img resize --shrink of an empty image');
    await createQcow2(t, 'img.qcow2', '3000k', 'cluster_size=64k,extended_l2=on');
    await t.qemuImg(['resize', '--shrink', img, '512k'], { status: true });
    await t.qemuImg(['check', img], { status: true });
    t.echo(`file length: ${await t.fileSize('img.qcow2')}`);
  },
};
export default test;
