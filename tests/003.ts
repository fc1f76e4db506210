// 003: tiny raw images (0, 1, 511, 512, 513, 4095, 4096, 4097 bytes): length, edge reads and writes, file size.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'raw images whose size is not a multiple of 512 are seen rounded up to a whole sector',
  async run(t) {
    for (const size of [0, 1, 511, 512, 513, 4095, 4096, 4097]) {
      t.banner(`size ${size}`);
      await t.makeTestImg(size);
      t.echo(`file size after create: ${await t.fileSize(t.env.TEST_IMG)}`);
      await t.qemuImg(['info', '-f', t.env.IMGFMT, t.env.TEST_IMG], { extraFilters: [(s) => s.replace(/^disk size: .*\n/m, '')] });
      const last = Math.ceil(size / 512) * 512 - 1;
      await t.io(['length', `read 0 ${size}`, `read -P 0 ${Math.max(last, 0)} 1`, `read ${last + 1} 1`], { status: true });
      await t.io([`write -P 0x61 0 ${Math.min(size, 3)}`, `write -P 0x62 ${Math.max(last, 0)} 1`], { status: true });
      t.echo(`file size after writes: ${await t.fileSize(t.env.TEST_IMG)}`);
      await t.io(`read -v 0 ${Math.min(size, 16)}`);
    }
  },
};
export default test;
