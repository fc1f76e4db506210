// 201: a qcow2 refcount update refused for underflow still leaves its refcount block to be written back, as in QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, entryOffset, l2TableOffset, readEntry, refcount16Offset } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'discard', 'corrupt', 'blkdebug', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'freeing a cluster whose refcount is already 0 fails (EINVAL, said and ignored), but QEMU marks the refcount block dirty before that check: the caches flushed at close write it, and a refblock write made to fail by blkdebug shows it',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const conf = t.path('blkdebug.conf');
    await t.writeFile('blkdebug.conf', '[inject-error]\nevent = "refblock_update_part"\nerrno = "5"\n');
    for (const zeroed of [false, true]) {
      t.banner(zeroed ? 'the data cluster\'s refcount was 0 already' : 'a sound image');
      await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4k');
      await t.io(['write -q -P 1 0 4k', 'write -q -P 2 64k 4k'], { img });
      const data = entryOffset(await readEntry(t, 'img.qcow2', await l2TableOffset(t, 'img.qcow2', 0), 0));
      if (zeroed) await t.poke('img.qcow2', await refcount16Offset(t, 'img.qcow2', data / 4096), [0, 0]);
      // Only the refcount update of the discard touches a refcount block.
      await t.qemuIo(['-c', 'discard 0 4k', `blkdebug:${conf}:${img}`], { status: true });
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
