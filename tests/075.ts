// 075: qemu-img dd with qcow2 on either side: creating qcow2 outputs, skip/count, reading through backing files.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'dd', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qemu-img dd copies to and from qcow2 images with the sizes and data QEMU produces',
  async run(t) {
    t.requireNoImgOpts();
    const p = (n: string) => t.path(n);
    const dd = (...args: string[]) => t.qemuImg(['dd', ...args], { status: true });
    await t.qemuImg(['create', '-f', 'qcow2', '-o', 'cluster_size=4k', p('src.qcow2'), '2M']);
    await t.io(['write -q -P 0x41 0 512k', 'write -q -P 0x42 1M 64k', 'write -q -z 1536k 64k'], { img: p('src.qcow2') });

    t.banner('qcow2 to qcow2');
    await dd('-f', 'qcow2', '-O', 'qcow2', `if=${p('src.qcow2')}`, `of=${p('out.qcow2')}`);
    await t.qemuImg(['compare', p('src.qcow2'), p('out.qcow2')], { status: true });
    await t.qemuImg(['map', '--output=json', p('out.qcow2')]);

    t.banner('skip and count in blocks of 64k');
    await t.remove('out.qcow2');
    await dd('-O', 'qcow2', 'bs=64k', 'skip=8', 'count=9', `if=${p('src.qcow2')}`, `of=${p('out.qcow2')}`);
    await t.qemuImg(['info', '--output=json', p('out.qcow2')], { extraFilters: [(s) => s.replace(/"actual-size": \d+/, '"actual-size": SIZE')] });
    await t.io(['read -P 0 0 512k', 'read -P 0x42 512k 64k'], { img: p('out.qcow2') });

    t.banner('an existing output is overwritten from the start');
    await t.qemuImg(['create', '-f', 'qcow2', p('out.qcow2'), '4M']);
    await t.io('write -q -P 0x99 0 4M', { img: p('out.qcow2') });
    await dd('-O', 'qcow2', 'bs=4k', 'count=2', `if=${p('src.qcow2')}`, `of=${p('out.qcow2')}`);
    await t.io(['read -P 0x41 0 8k', 'read -P 0x99 8k 8k', 'length'], { img: p('out.qcow2') });

    t.banner('qcow2 overlay to raw');
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'src.qcow2', '-F', 'qcow2', p('ovl.qcow2')]);
    await t.io('write -q -P 0x43 256k 4k', { img: p('ovl.qcow2') });
    await dd('-O', 'raw', 'bs=1k', `if=${p('ovl.qcow2')}`, `of=${p('out.raw')}`);
    t.echo(`raw length: ${await t.fileSize('out.raw')}`);
    await t.io(['read -P 0x41 0 256k', 'read -P 0x43 256k 4k', 'read -P 0x41 260k 252k', 'read -P 0x42 1M 64k'], { img: p('out.raw'), fmt: 'raw' });

    t.banner('errors');
    await dd('-O', 'qcow2', 'bs=1000', `if=${p('src.qcow2')}`, `of=${p('x.qcow2')}`);
    await dd('-O', 'qcow2', 'skip=5000', `if=${p('src.qcow2')}`, `of=${p('x.qcow2')}`);
    await t.qemuImg(['info', p('x.qcow2')], { status: true, extraFilters: [(s) => s.replace(/^disk size: .*\n/m, '')] });
    await dd('-O', 'qcow2', '-o', 'cluster_size=4k', `if=${p('src.qcow2')}`, `of=${p('y.qcow2')}`);
  },
};
export default test;
