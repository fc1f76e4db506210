// 065: qcow2 lazy refcounts: the dirty bit after a crash, what check reports, and repair on open or by check -r.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'refcount', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'an image with lazy refcounts left dirty by a crash is detected and repaired as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const features = async (): Promise<void> => t.echo(...(await describeHeader(t, 'img.qcow2', ['incompatible_features', 'compatible_features'])));
    const crash = async (cmds: string[]): Promise<void> => {
      const r = await t.io([...cmds, 'sigraise 9'], { img, capture: true });
      t.echo(`qemu-io killed: exit status ${r.status}`);
    };

    t.banner('a clean close leaves no dirty bit');
    await createQcow2(t, 'img.qcow2', '4M', 'lazy_refcounts=on');
    await features();
    await t.io(['write -q -P 0x10 0 256k'], { img });
    await features();
    await t.qemuImg(['check', img], { status: true });

    t.banner('a crash after writing leaves the dirty bit and stale refcounts');
    await crash(['write -q -P 0x11 1M 128k', 'write -q -P 0x12 0 4k']);
    await features();
    await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    await t.qemuImg(['info', '--output=json', img], { extraFilters: [(s) => s.replace(/"actual-size": \d+/, '"actual-size": SIZE')] });
    await t.qemuImg(['check', img], { status: true });
    await t.io(['read -P 0x10 4k 252k', 'read -P 0x11 1M 128k', 'read -P 0x12 0 4k'], { img, flags: ['-r'] });
    await features();

    t.banner('a read-write open repairs the image');
    await t.io(['read -P 0x11 1M 128k'], { img });
    await features();
    await t.qemuImg(['check', img], { status: true });

    t.banner('check -r all repairs a dirty image too');
    await crash(['write -q -P 0x13 2M 64k']);
    await features();
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
    await features();
    await t.qemuImg(['check', img], { status: true });

    t.banner('check -r leaks on a dirty image');
    await crash(['write -q -P 0x14 3M 64k']);
    await t.qemuImg(['check', '-r', 'leaks', img], { status: true });
    await features();
    await t.io(['read -P 0x14 3M 64k', 'read -P 0x13 2M 64k'], { img });

    t.banner('without lazy refcounts a crash leaves a clean image');
    await createQcow2(t, 'img.qcow2', '4M', 'lazy_refcounts=off');
    await crash(['write -q -P 0x15 0 64k']);
    await features();
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
