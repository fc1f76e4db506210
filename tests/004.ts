// 004: large sparse images: requests at and across 2^31 and 2^32, the last byte, limits of a request.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { ioPattern } from '../common/pattern.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'offsets beyond 32 bits address the right bytes; out-of-range and oversized requests fail cleanly',
  async run(t) {
    t.requireNoImgOpts('preallocation');
    await t.requireSparse(8 * 1024 ** 3);
    await t.makeTestImg('5G');

    t.banner('writing across the 2 GiB and 4 GiB boundaries');
    await ioPattern(t, 'write', { start: 2 ** 31 - 512, size: 1024, step: 2 ** 31, count: 2, pattern: 0x31, patternStep: 1 });
    await ioPattern(t, 'verify', { start: 2 ** 31 - 512, size: 1024, step: 2 ** 31, count: 2, pattern: 0x31, patternStep: 1 });
    await t.io(['read -v 2147483640 16', 'read -v 4294967288 16', 'read -P 0 4294967808 512']);

    t.banner('offsets written with suffixes');
    await t.io(['write -P 0x44 4G 4k', 'read -P 0x44 4194304k 4096', 'read -P 0 3G 1M']);

    t.banner('the last sector and the byte after it');
    await t.io(['write -P 0x55 5368708608 512', 'read -P 0x55 5368708608 512'], { status: true });
    await t.io(['read -P 0x55 5368709119 1', 'read 5368709120 1', 'write 5368709119 2'], { status: true });

    t.banner('offsets too large to parse or too far out');
    await t.io(['read 9223372036854775807 1', 'read 9223372036854775808 1', 'read 8E 1', 'read 1T 512'], { status: true });

    t.banner('requests longer than qemu-io allows');
    await t.io(['read 0 4G', 'read 0 2147483648', 'write -z 0 2147483648'], { status: true });
    await t.io(['read 0 2G-512', 'read -q -P 0 1G 512'], { status: true });

    t.banner('length');
    await t.io('length');
  },
};
export default test;
