// 144: progress of rebase onto an image already in the chain, and of amend's downgrade, step for step as QEMU prints it.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { progressLinesFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'rebase -p skips ranges nothing above the new backing file allocates; amend -p steps once per L1 entry',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const base = t.path('b.raw');
    const mid = t.path('m.qcow2');
    const chain = async () => {
      await t.makeTestImg('1M', { img: base, fmt: 'raw', quiet: true });
      await t.io('write -q -P 0x11 0 512k', { img: base, fmt: 'raw' });
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'raw', mid]);
      await t.io('write -q -P 0x22 64k 64k', { img: mid });
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-b', mid, '-F', 'qcow2', img]);
      await t.io('write -q -P 0x33 128k 64k');
    };
    const p = { extraFilters: [progressLinesFilter] };

    t.banner('rebase onto the base of the chain');
    await chain();
    await t.qemuImg(['rebase', '-p', '-b', base, '-F', 'raw', img], p);
    await t.io(['read -P 0x11 0 64k', 'read -P 0x22 64k 64k', 'read -P 0x33 128k 64k', 'read -P 0x11 192k 320k', 'read -P 0 512k 512k']);

    t.banner('rebase onto an image outside the chain');
    await chain();
    await t.qemuImg(['create', '-q', '-f', 'raw', t.path('n.raw'), '1M']);
    await t.qemuImg(['rebase', '-p', '-b', t.path('n.raw'), '-F', 'raw', img], p);
    await t.io(['read -P 0x11 0 64k', 'read -P 0x22 64k 64k', 'read -P 0x33 128k 64k', 'read -P 0x11 192k 320k', 'read -P 0 512k 512k']);

    t.banner('amend -p');
    for (const size of ['1M', '2G']) {
      for (const opts of ['compat=0.10', 'compat=1.1', 'lazy_refcounts=on', `size=${size === '1M' ? '2M' : '3G'}`]) {
        await t.makeTestImg(size, { quiet: true });
        await t.io('write -q -z 0 64k');
        await t.qemuImg(['amend', '-p', '-o', opts, img], { ...p, status: true });
      }
    }
    await t.makeTestImg('1M', { quiet: true });
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await t.qemuImg(['amend', '-p', '-o', 'compat=0.10', img], p);
    await t.checkTestImg();
  },
};
export default test;
