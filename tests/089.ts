// 089: hostile qcow2 backing chains: a chain that loops back, an image backed by itself, and a deep chain.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'backing', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'looping backing chains fail cleanly with QEMU\'s messages instead of recursing forever',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    const info = (...args: string[]) => t.qemuImg(['info', ...args], { status: true, extraFilters: [(s) => s.replace(/^disk size: .*\n/gm, '')] });

    t.banner('a two-image loop');
    await t.qemuImg(['create', '-f', 'qcow2', p('a.qcow2'), '1M']);
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'a.qcow2', '-F', 'qcow2', p('b.qcow2')]);
    await t.qemuImg(['rebase', '-u', '-b', 'b.qcow2', '-F', 'qcow2', p('a.qcow2')], { status: true });
    await info('--backing-chain', p('b.qcow2'));
    await t.io(['read 0 512'], { img: p('b.qcow2'), status: true });

    t.banner('an image backed by itself');
    await t.qemuImg(['create', '-f', 'qcow2', p('self.qcow2'), '1M']);
    await t.qemuImg(['rebase', '-u', '-b', 'self.qcow2', '-F', 'qcow2', p('self.qcow2')], { status: true });
    await info(p('self.qcow2'));
    await info('--backing-chain', p('self.qcow2'));
    await t.io(['read 0 512'], { img: p('self.qcow2'), status: true });

    t.banner('a chain of twelve images reads through to the bottom');
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=4k', p('c0.qcow2'), '1M']);
    await t.io('write -q -P 0xc0 0 1M', { img: p('c0.qcow2') });
    for (let i = 1; i < 12; i++) {
      await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=4k', '-b', `c${i - 1}.qcow2`, '-F', 'qcow2', p(`c${i}.qcow2`)], { capture: true });
      await t.io(`write -q -P ${0xc0 + i} ${i * 64}k 4k`, { img: p(`c${i}.qcow2`) });
    }
    const reads = ['read -P 0xc0 0 4k'];
    for (let i = 1; i < 12; i++) reads.push(`read -q -P ${0xc0 + i} ${i * 64}k 4k`, `read -q -P 0xc0 ${i * 64 + 4}k 60k`);
    await t.io(reads, { img: p('c11.qcow2'), status: true });
    await t.qemuImg(['map', '--output=json', p('c11.qcow2')]);
  },
};
export default test;
