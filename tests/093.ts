// 093: qcow2 images with extended L2 entries (subclusters): what qemu-img info and qemu-io info report.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, infoDiskSizeFilter, infoJsonActualSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'io', 'qcow2', 'info', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-img info and qemu-io info describe extended_l2=on images exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    await t.requireCreateOptions('qcow2', 'extended_l2=on');
    const img = t.path('img.qcow2');
    for (const [size, v] of [['100M', 'extended_l2=on'], ['100M', 'extended_l2=on,cluster_size=2M,compression_type=zstd'], ['12345678', 'extended_l2=on']] as const) {
      t.banner(`${size} ${v}`);
      await createQcow2(t, 'img.qcow2', size, v);
      await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter], status: true });
      await t.qemuImg(['info', '--output=json', img], { extraFilters: [infoJsonActualSizeFilter], status: true });
      await t.io(['info', 'length'], { img });
    }
  },
};
export default test;
