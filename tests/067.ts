// 067: qcow2 resize: growing with --preallocation, shrinking only with --shrink, and qemu-io truncate.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'resize', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qcow2 images grow and shrink with the data, messages and metadata QEMU produces',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const resize = (...args: string[]) => t.qemuImg(['resize', ...args], { status: true });
    const fields = ['size', 'l1_size'] as const;

    for (const mode of ['off', 'metadata', 'falloc', 'full']) {
      t.banner(`growing with --preallocation=${mode}`);
      await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4k');
      await t.io('write -q -P 0x31 0 1M', { img });
      await resize(`--preallocation=${mode}`, img, '3M');
      t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])), `file length: ${await t.fileSize('img.qcow2')}`);
      await t.qemuImg(['map', '--output=json', img]);
      await t.io(['read -P 0x31 0 1M', 'read -P 0 1M 2M'], { img });
      await t.qemuImg(['check', img], { status: true });
    }
    await resize('--preallocation=bogus', img, '4M');
    await resize('--preallocation=full', img, '-1M');

    t.banner('shrinking needs --shrink');
    await createQcow2(t, 'img.qcow2', '4M', '');
    await t.io(['write -q -P 0x41 0 1M', 'write -q -P 0x42 3M 1M'], { img });
    await resize(img, '2M');
    await resize('-f', 'qcow2', img, '-1M');
    await resize('--shrink', img, '2M');
    t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])));
    await t.io(['read -P 0x41 0 1M', 'read -P 0 1M 1M', 'length'], { img });
    await resize('--shrink', img, '+2M');
    await t.io(['read -P 0 2M 2M', 'map'], { img });
    await t.qemuImg(['check', img], { status: true });
    await resize('--shrink', '--preallocation=full', img, '1M');
    await resize(img, '4M');
    await resize(img, '4M');
    await resize(img, '1000');
    await resize(img, '1000k');

    t.banner('compat=0.10 shrinking and growing');
    await createQcow2(t, 'img.qcow2', '4M', 'compat=0.10');
    await t.io(['write -q -P 0x43 2M 2M'], { img });
    await resize('--shrink', img, '3M');
    await t.io(['read -P 0x43 2M 1M', 'length'], { img });
    await resize(img, '+1G');
    await t.io(['length', 'read -P 0 3M 64k'], { img });

    t.banner('qemu-io truncate');
    await createQcow2(t, 'img.qcow2', '1M', '');
    await t.io(['write -q -P 0x51 0 1M', 'truncate 2M', 'length', 'read -P 0x51 0 1M', 'read -P 0 1M 1M'], { img, status: true });
    await t.io(['truncate 512k', 'length', 'read -P 0x51 0 512k', 'truncate 1000', 'length', 'truncate -m full 3M', 'length', 'truncate -m bogus 4M', 'truncate'], { img, status: true });
    await t.io(['map'], { img });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
