// 066: qcow2 preallocation=off|metadata|falloc|full at creation: file length, map, check, data.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'prealloc', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'each preallocation mode lays out the image as QEMU does and stays writable and consistent',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const cs of ['4k', '64k', '2M']) {
      for (const mode of ['off', 'metadata', 'falloc', 'full']) {
        t.banner(`preallocation=${mode} cluster_size=${cs}`);
        await createQcow2(t, 'img.qcow2', '5M', `preallocation=${mode},cluster_size=${cs}`);
        t.echo(`file length: ${await t.fileSize('img.qcow2')}`);
        await t.qemuImg(['map', '--output=json', img]);
        await t.io(['map', 'read -P 0 0 5M'], { img });
        await t.io(['write -q -P 0x66 1M 8k'], { img });
        t.echo(`file length: ${await t.fileSize('img.qcow2')}`);
        await t.qemuImg(['check', img], { status: true });
      }
    }

    t.banner('preallocation with a backing file or compat=0.10');
    await t.qemuImg(['create', '-f', 'qcow2', t.path('base.qcow2'), '1M']);
    await createQcow2(t, 'img.qcow2', '1M', 'preallocation=metadata,backing_file=base.qcow2,backing_fmt=qcow2');
    await createQcow2(t, 'img.qcow2', '1M', 'preallocation=full,compat=0.10');
    await t.qemuImg(['map', '--output=json', img]);
    await createQcow2(t, 'img.qcow2', '1M', 'preallocation=metadata,compat=0.10');
    await t.qemuImg(['map', '--output=json', img]);
  },
};
export default test;
