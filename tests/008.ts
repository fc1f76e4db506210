// 008: qemu-io truncate on a raw file: grow, shrink to odd sizes, data kept or dropped, reopen sees it.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'truncate', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'truncate grows with zeroes, shrinks dropping data, and every later open sees the new length',
  async run(t) {
    const img = t.env.TEST_IMG;
    await t.makeTestImg('1M');
    await t.io(['write -P 0x7e 0 1M']);

    t.banner('growing to 5 MiB');
    await t.io(['truncate 5M', 'length', 'read -P 0x7e 0 1M', 'read -P 0 1M 4M']);
    t.echo(`file size: ${await t.fileSize(img)}`);

    t.banner('reopening');
    await t.io(['length', 'read -P 0 5M-1 1'], { status: true });
    await t.io(['length', 'read -P 0 5242879 1']);

    t.banner('shrinking to 100 bytes (the image length rounds up to a sector)');
    await t.io(['truncate 100', 'length', 'read -v 96 8']);
    t.echo(`file size: ${await t.fileSize(img)}`);
    await t.io(['length', 'read -v 96 16', 'read 0 513'], { status: true });

    t.banner('growing again: old data does not come back');
    await t.io(['truncate 64k', 'read -P 0x7e 0 100', 'read -P 0 100 65436']);
    t.echo(`file size: ${await t.fileSize(img)}`);

    t.banner('truncate with a preallocation mode');
    await t.io(['truncate -m off 128k', 'length']);
    await t.io(['truncate -m full 192k', 'length']);
    await t.io(['truncate -m falloc 256k', 'length']);
    await t.io(['truncate -m bogus 320k', 'length'], { status: true });
    t.echo(`file size: ${await t.fileSize(img)}`);

    t.banner('argument errors and a read-only image');
    await t.io('truncate', { status: true });
    await t.io('truncate -1', { status: true });
    await t.io('truncate 1x', { status: true });
    await t.io('truncate 1 2', { status: true });
    await t.io('truncate 1M', { flags: ['-r'], status: true });
    t.echo(`file size: ${await t.fileSize(img)}`);
  },
};
export default test;
