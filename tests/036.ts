// 036: how sizes are spelled: qemu-img info's virtual size and qemu-io's length across unit boundaries.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Sizes at and around unit changes and rounding edges (all multiples of 512). */
const SIZES = [
  512, 1024, 1536, 10 * KiB, 100 * KiB, 999 * KiB, 1000 * KiB, 1023 * KiB, MiB - 512, MiB, MiB + 512,
  1.5 * MiB, 1114112, 1000 * MiB, 1023.5 * MiB, GiB - 512, GiB, 10 * GiB + 5 * MiB, 1000 * GiB, 1024 * GiB - 512, 1024 * GiB,
];

const test: TestDefinition<TestContext> = {
  groups: ['img', 'io', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'human-readable sizes round and switch units exactly as QEMU 7.2 prints them',
  async run(t) {
    t.requireNoImgOpts('preallocation');
    await t.requireSparse(1024 * GiB);
    for (const size of SIZES) {
      t.banner(`${size} bytes`);
      await t.makeTestImg(size, { quiet: true });
      await t.qemuImg(['info', '-f', t.env.IMGFMT, t.env.TEST_IMG], {
        filters: [imgInfoFilter(t.env), (s) => s.replace(/^(image|file format): .*\n/gm, '')],
      });
      await t.io('length');
    }
  },
};
export default test;
