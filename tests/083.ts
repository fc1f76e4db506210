// 083: malformed qcow2 header extensions: oversized lengths, a huge backing format name, odd feature tables, bitmaps extension.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { addExtension, createQcow2, describeExtensions, EXT_BACKING_FORMAT, EXT_BITMAPS, EXT_FEATURE_TABLE, readExtensions } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'header', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'header extensions with impossible contents are refused or tolerated exactly as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const tryIt = async (): Promise<void> => {
      t.echo(...(await describeExtensions(t, 'img.qcow2')));
      await t.io(['read -P 0x6a 0 4k'], { img, status: true });
      await t.qemuImg(['info', img], { status: true, extraFilters: [(s) => s.replace(/^disk size: .*\n/m, '')] });
    };
    const fresh = async (opts = ''): Promise<void> => {
      await t.qemuImg(['create', '-f', 'raw', t.path('base.raw'), '1M']);
      await createQcow2(t, 'img.qcow2', '1M', opts);
      await t.io('write -q -P 0x6a 0 64k', { img });
    };
    const extLen = async (type: number, len: number): Promise<void> => {
      const e = (await readExtensions(t, 'img.qcow2')).find((x) => x.type === type);
      if (e !== undefined) await t.pokeBE('img.qcow2', e.offset + 4, len, 4);
    };

    t.banner('an extension longer than the header cluster');
    await fresh();
    await extLen(EXT_FEATURE_TABLE, 0x10000);
    await tryIt();

    t.banner('a backing format name too long');
    await fresh('backing_file=base.raw,backing_fmt=raw');
    await extLen(EXT_BACKING_FORMAT, 20);
    await tryIt();

    t.banner('a backing format extension naming another format');
    await fresh('backing_file=base.raw,backing_fmt=raw');
    const bf = (await readExtensions(t, 'img.qcow2')).find((x) => x.type === EXT_BACKING_FORMAT);
    if (bf !== undefined) await t.poke('img.qcow2', bf.offset + 8, [0x71, 0x78, 0x78]);
    await tryIt();

    t.banner('a feature name table whose length is not a multiple of 48');
    await fresh();
    await extLen(EXT_FEATURE_TABLE, 100);
    await tryIt();
    await t.io(['write -q -P 0x6b 0 4k'], { img, status: true });
    t.echo(...(await describeExtensions(t, 'img.qcow2')));

    t.banner('a bitmaps extension without the autoclear bit is ignored');
    await fresh();
    await addExtension(t, 'img.qcow2', EXT_BITMAPS, new Uint8Array(24));
    await tryIt();

    t.banner('a bitmaps extension with the autoclear bit and nonsense contents');
    await t.pokeBE('img.qcow2', 88, 1n, 8);
    await tryIt();
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
