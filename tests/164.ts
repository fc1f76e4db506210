// 164: qemu-img rebase onto a file deeper in the chain when the old backing file is shorter than the image: the range past its end is compared, not skipped (and never loops).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'safe rebase past the end of a shorter old backing file writes zeroes where the new backing file has data, as QEMU 7.2 does',
  async run(t) {
    t.requireNoImgOpts();
    const base = t.path('base.raw');
    const mid = t.path('mid.qcow2');
    const top = t.path('top.qcow2');
    const map = (img: string) => t.qemuImg(['map', '--output=json', img], { status: true });

    const build = async (midSize: string) => {
      await t.qemuImg(['create', '-q', '-f', 'raw', base, '2M']);
      await t.io(['write -P 1 0 2M'], { img: base, fmt: 'raw' });
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'raw', mid, midSize]);
      await t.io(['write -P 2 64k 64k', 'write -z 256k 64k', 'discard 512k 64k'], { img: mid });
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-b', mid, '-F', 'qcow2', top, '3M']);
      await t.io(['write -P 3 128k 64k', 'write -P 4 2M 64k', 'write -z 2560k 64k'], { img: top });
    };

    for (const midSize of ['1M', '1088k', '2M']) {
      t.banner(`old backing file of ${midSize} under a 3M image, rebased onto the 2M base`);
      await build(midSize);
      await t.qemuImg(['rebase', '-b', base, '-F', 'raw', top], { status: true });
      await map(top);
      await t.io(['read -P 0 1088k 64k', 'read -P 3 128k 64k', 'read -P 4 2M 64k', 'read -P 0 2176k 896k'], { img: top });
    }

    t.banner('rebased onto nothing: past the old end the image reads zeroes anyway');
    await build('1M');
    await t.qemuImg(['rebase', '-b', '', top], { status: true });
    await map(top);
  },
};
export default test;
