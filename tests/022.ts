// 022: zero writes (write -z, with -u unmap, aio_write -z) over data, at odd offsets, and reading them back.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { ioPattern } from '../common/pattern.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'zero', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'write -z zeroes exactly the requested bytes, aligned or not, with or without unmapping',
  async run(t) {
    await t.makeTestImg('2M');
    await t.io('write -q -P 0xcd 0 2M');

    t.banner('aligned zero writes');
    await ioPattern(t, 'zero', { start: 0, size: 64 * 1024, step: 256 * 1024, count: 4 });
    await ioPattern(t, 'verifyZero', { start: 0, size: 64 * 1024, step: 256 * 1024, count: 4 });
    await ioPattern(t, 'verify', { start: 64 * 1024, size: 192 * 1024, step: 256 * 1024, count: 4, pattern: 0xcd });

    t.banner('unaligned zero writes');
    await t.io(['write -z 1048577 3', 'write -z 1049087 2', 'write -z 1052671 4098']);
    await t.io(['read -v 1048576 16', 'read -v 1049080 16', 'read -P 0xcd 1049089 3582', 'read -P 0 1052671 4098', 'read -P 0xcd 1056769 1']);

    t.banner('zero writes that may unmap');
    await t.io(['write -z -u 1536k 128k', 'write -zu 1700k 1', 'aio_write -q -z -u 1800k 4k', 'aio_flush']);
    await t.io(['read -P 0xcd 1472k 64k', 'read -P 0 1536k 128k', 'read -P 0xcd 1664k 36k', 'read -P 0 1700k 1', 'read -P 0 1800k 4k']);

    t.banner('zero writes with FUA and to the end of the image');
    await t.io(['write -z -f 2093056 4096', 'write -z 2097151 1', 'read -P 0 2093056 4096'], { status: true });
    await t.io(['write -z 2097151 2', 'write -z 2M 0', 'write -z 3M 512'], { status: true });

    t.banner('zero writes of nothing');
    await t.io(['write -z 0 0', 'write -z 1 0', 'aio_write -q -z 0 0', 'aio_flush']);
    await t.io('read -P 0xcd 64k 1');
  },
};
export default test;
