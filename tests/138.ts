// 138: qemu-img commit with errors injected while it copies and while it empties the top image: QEMU's messages and what the top image looks like afterwards.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

// Each event fails once; the ones after the copy hit qcow2's emptying of the top image, step by step.
const EVENTS = ['read_aio', 'l2_load', 'l1_update', 'empty_image_prepare', 'reftable_update', 'refblock_alloc', 'cluster_alloc', 'refblock_alloc_hookup'];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'commit', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: "commit's emptying of a v3 top image raises l1_update, empty_image_prepare, reftable_update, refblock_alloc and cluster_alloc in QEMU's order, with QEMU's 'Failed to empty' and 'Block job failed' messages",
  async run(t) {
    t.requireNoImgOpts();
    const base = t.path('base.qcow2');
    const top = t.path('top.qcow2');
    const conf = t.path('blkdebug.conf');
    const json = `json:{"driver":"qcow2","file":{"driver":"blkdebug","config":"${conf}","image":{"driver":"file","filename":"${top}"}}}`;
    for (const event of EVENTS) {
      t.banner(`an error on ${event}`);
      await createQcow2(t, 'base.qcow2', '4M');
      await t.qemuImg(['create', '-f', 'qcow2', '-b', base, '-F', 'qcow2', top], { status: true });
      await t.io(['write -q -P 1 0 1M'], { img: top });
      await t.writeFile('blkdebug.conf', `[inject-error]\nevent = "${event}"\nerrno = "5"\nonce = "on"\n`);
      await t.qemuImg(['commit', json], { status: true });
      await t.qemuImg(['check', top], { status: true });
      await t.io(['read -P 1 0 1M'], { img: base });
    }
  },
};
export default test;
