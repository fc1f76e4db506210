// 081: qcow2 creation with backing files: inherited size, -o spellings, format mismatches, json: and protocol names.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'backing', 'create', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-img create -f qcow2 with a backing file takes its size and checks it as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    const longNames = (s: string): string => s.replace(/x{1100}/g, 'X*1100').replace(/y{1023}/g, 'Y*1023');
    const create = (...args: string[]) => t.qemuImg(['create', '-f', 'qcow2', ...args], { status: true, extraFilters: [longNames] });
    const info = (n: string) => t.qemuImg(['info', p(n)], { extraFilters: [infoDiskSizeFilter], status: true });
    await t.qemuImg(['create', '-f', 'qcow2', p('base.qcow2'), '3M']);
    await t.qemuImg(['create', '-f', 'raw', p('base.raw'), '1536k']);

    t.banner('size from the backing file');
    await create('-b', 'base.qcow2', '-F', 'qcow2', p('a.qcow2'));
    await create('-o', 'backing_file=base.raw,backing_fmt=raw', p('b.qcow2'));
    await create('-b', 'base.raw', '-F', 'raw', p('c.qcow2'), '1G');
    await create('-b', 'base.raw', '-F', 'raw', p('d.qcow2'), '1M');
    await info('d.qcow2');
    await t.io(['read -P 0 0 1M', 'length'], { img: p('d.qcow2') });

    t.banner('the backing format given wrongly');
    await create('-b', 'base.qcow2', '-F', 'raw', p('e.qcow2'));
    await info('e.qcow2');
    await create('-b', 'base.raw', '-F', 'qcow2', p('f.qcow2'));
    await create('-b', 'base.raw', '-F', 'bogus', p('f.qcow2'));
    await create('-F', 'raw', p('f.qcow2'), '1M');
    await create('-b', 'base.raw', '-F', 'raw', '-o', 'backing_file=base.qcow2', p('f.qcow2'));
    await create('-b', p('f.qcow2'), '-F', 'qcow2', p('f.qcow2'));

    t.banner('backing names with protocols and json:');
    await create('-b', `file:${p('base.raw')}`, '-F', 'raw', p('g.qcow2'));
    await info('g.qcow2');
    await create('-b', `json:{"driver":"raw","file":{"driver":"file","filename":"${p('base.raw')}"}}`, '-F', 'raw', p('h.qcow2'));
    await info('h.qcow2');
    await t.io(['read -P 0 0 1536k'], { img: p('h.qcow2') });

    t.banner('a backing name longer than the header cluster allows');
    await create('-u', '-b', 'x'.repeat(1100), '-F', 'raw', '-o', 'cluster_size=512', p('i.qcow2'), '1M');
    await create('-u', '-b', 'y'.repeat(1023), '-F', 'raw', p('j.qcow2'), '1M');
    await t.qemuImg(['info', p('j.qcow2')], { status: true, extraFilters: [infoDiskSizeFilter, longNames] });
  },
};
export default test;
