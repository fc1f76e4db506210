// 213: the data-file-raw autoclear bit without an external data file: every open refuses the image, a metadata-only one (info) does not.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

/** Byte offset of the autoclear feature bits in the qcow2 header (big endian, 8 bytes). */
const AUTOCLEAR_FEATURES = 88;

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'data-file-raw set on an image with no data file is refused where QEMU refuses it',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    await t.makeTestImg('1M', { quiet: true });
    await t.io('write -q -P 0x44 0 64k');
    await t.pokeBE('t.qcow2', AUTOCLEAR_FEATURES, 2, 8);

    t.banner('info opens it for metadata only and shows it');
    await t.qemuImg(['info', img], { filters: [imgInfoFilter(t.env)] });

    t.banner('everything that reads or writes it refuses it');
    await t.io('read -q -P 0x44 0 64k', { status: true });
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['map', img], { status: true });
    await t.qemuImg(['convert', '-O', 'raw', img, t.path('out.raw')], { status: true });
    await t.qemuImg(['amend', '-o', 'lazy_refcounts=on', img], { status: true });
  },
};
export default test;
