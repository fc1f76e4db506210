// 082: the qcow2 v3 header's variable part: header_length 104 or 112, the compression type byte and its feature bit.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeExtensions, describeHeader, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'header', 'compress', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'the optional v3 header fields are validated and rewritten as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const show = async (): Promise<void> => {
      t.echo(...(await describeHeader(t, 'img.qcow2', ['header_length', 'incompatible_features'])), ...(await describeExtensions(t, 'img.qcow2')));
      t.echo(`compression type byte: ${(await t.peek('img.qcow2', 104, 1))[0]}`);
    };
    const tryIt = async (): Promise<void> => {
      await t.io(['read -P 0x5c 0 64k', 'write -P 0x5d 64k 4k'], { img, status: true });
      await t.qemuImg(['info', img], { status: true, extraFilters: [infoDiskSizeFilter] });
    };
    const fresh = async (opts = ''): Promise<void> => {
      await createQcow2(t, 'img.qcow2', '1M', opts);
      await t.io('write -q -P 0x5c 0 64k', { img });
      await show();
    };

    t.banner('zstd: the byte is 1 and incompatible bit 3 is set');
    await fresh('compression_type=zstd');

    t.banner('a zstd byte without the feature bit, and the bit without zstd');
    await t.pokeBE('img.qcow2', 72, 0n, 8);
    await tryIt();
    await fresh();
    await t.pokeBE('img.qcow2', 72, 8n, 8);
    await tryIt();

    t.banner('an unknown compression type');
    await fresh();
    await t.poke('img.qcow2', 104, [2]);
    await t.pokeBE('img.qcow2', 72, 8n, 8);
    await tryIt();

    t.banner('header_length 104 (a header written before compression types existed)');
    await fresh();
    await t.pokeBE('img.qcow2', 100, 104n, 4);
    await show();
    await tryIt();
    await show();
    await t.qemuImg(['resize', img, '2M'], { status: true });
    await show();
    await t.qemuImg(['check', img], { status: true });

    t.banner('header_length not a multiple of 8');
    await fresh();
    await t.pokeBE('img.qcow2', 100, 108n, 4);
    await tryIt();
  },
};
export default test;
