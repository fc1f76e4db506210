// 079: qemu-img check exit statuses 0, 1, 2, 3 and 63 on qcow2 and around it, with human and json output.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, l2TableOffset, pokeEntry, refcount16Offset } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'check', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'each qemu-img check outcome has QEMU\'s exit status and output in both formats',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const both = async (...args: string[]): Promise<void> => {
      await t.qemuImg(['check', ...args], { status: 'always' });
      await t.qemuImg(['check', '--output=json', ...args], { status: 'always' });
    };

    t.banner('0: a clean image, fresh and used');
    await createQcow2(t, 'img.qcow2', '2M', 'cluster_size=512');
    await both(img);
    await t.io(['write -q -P 1 0 1M', 'write -q -z 1M 64k', 'discard -q 0 64k'], { img });
    await both(img);

    t.banner('3: leaks only');
    const end = await t.fileSize('img.qcow2');
    await t.truncate('img.qcow2', end + 512);
    await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', end >> 9), 1, 2);
    await both(img);

    t.banner('2: corruption, and leaks plus corruption');
    const l2 = await l2TableOffset(t, 'img.qcow2', 10);
    await pokeEntry(t, 'img.qcow2', l2, 3, 0x8000000000100000n);
    await both(img);

    t.banner('1: the check itself fails (-r leaks cannot rebuild)');
    await pokeEntry(t, 'img.qcow2', l2, 3, 0n);
    await t.pokeBE('img.qcow2', await refcount16Offset(t, 'img.qcow2', (await l2TableOffset(t, 'img.qcow2', 0)) >> 9), 0, 2);
    await t.qemuImg(['check', '-r', 'leaks', img], { status: 'always' });
    await t.qemuImg(['check', '-r', 'leaks', '--output=json', img], { status: 'always' });

    t.banner('1: the image cannot be opened');
    await both(t.path('missing.qcow2'));
    await t.writeFile('garbage.qcow2', 'QFI\xfbgarbage');
    await both('-f', 'qcow2', t.path('garbage.qcow2'));

    t.banner('63: the format cannot be checked');
    await t.qemuImg(['create', '-f', 'raw', t.path('r.raw'), '1M']);
    await both('-f', 'raw', t.path('r.raw'));

    t.banner('repair on a read-only opened image, and -U');
    await t.qemuImg(['check', '-r', 'all', '-U', img], { status: 'always' });
    await t.qemuImg(['check', '-r', 'all', img], { status: 'always' });
    await both('-U', img);
  },
};
export default test;
