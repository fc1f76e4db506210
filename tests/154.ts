// 154: qemu-img commit empties the top image as QEMU does: the fresh metadata after the header is zeroed in place (ZERO_RANGE), not rewritten, so the host file has QEMU's holes.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'commit', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'rebase then commit: b has the data and the emptied overlay zeroed (holes) where QEMU zeroes it',
  async run(t) {
    t.requireNoImgOpts();
    const [a, b, c] = ['a.qcow2', 'b.qcow2', 'c.qcow2'].map((n) => t.path(n)) as [string, string, string];
    await createQcow2(t, 'a.qcow2', '4M');
    await t.io(['write -P 1 0 1M'], { img: a });
    await createQcow2(t, 'b.qcow2', '4M');
    await t.io(['write -P 2 512k 1M'], { img: b });
    await t.qemuImg(['create', '-f', 'qcow2', '-b', a, '-F', 'qcow2', c, '4M']);
    await t.io(['write -P 3 1M 1M'], { img: c });
    await t.qemuImg(['rebase', '-b', b, '-F', 'qcow2', c], { status: true });
    await t.qemuImg(['commit', c], { status: true });
    // Where QEMU's commit job puts b's new clusters depends on its request timing: only c's layout is shown.
    await t.io(['read -P 1 0 1M', 'read -P 3 1M 1M', 'read -P 0 2M 2M'], { img: b });
    await t.qemuImg(['map', '-f', 'raw', '--output=json', c]);
    // The disk size itself depends on when the file system writes back (extent merging): not shown.
    await t.qemuImg(['info', c], { extraFilters: [infoDiskSizeFilter] });
    await t.qemuImg(['check', c], { status: true });
  },
};
export default test;
