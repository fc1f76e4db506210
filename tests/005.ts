// 005: asynchronous requests: many in flight at once, aio_flush waiting for them, aio_read verifying.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { patternCommands } from '../common/pattern.ts';

const range = { start: 0, size: 4096, step: 65536, count: 16, pattern: 0x10, patternStep: 1 };

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'aio', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'aio_write/aio_read requests in flight together all complete by aio_flush, with the right data',
  async run(t) {
    await t.makeTestImg('1M');

    t.banner('one aio request at a time');
    await t.io(['aio_write -P 0x01 0 64k', 'aio_flush', 'aio_read -P 0x01 0 64k', 'aio_flush', 'aio_read -v 65530 12', 'aio_flush']);

    t.banner('sixteen writes in flight, then aio_flush');
    const writes = patternCommands('aio_write', range).map((c) => c.replace('aio_write', 'aio_write -q'));
    await t.io([...writes, 'aio_flush']);

    t.banner('verifying with sixteen reads in flight');
    const reads = patternCommands('aio_verify', range).map((c) => c.replace('aio_read', 'aio_read -q'));
    await t.io([...reads, 'aio_flush', 'read -v 983040 16']);

    t.banner('verifying with synchronous reads');
    await t.io(patternCommands('verify', range).map((c) => c.replace('read', 'read -q')));
    await t.io(['read -P 0x10 0 4096', 'read -P 0x01 4096 61440', 'read -P 0x1f 983040 4096']);

    t.banner('writes in flight when qemu-io exits are completed');
    await t.io(['aio_write -q -P 0x66 512k 64k', 'aio_write -q -P 0x67 768k 64k']);
    await t.io(['read -P 0x66 512k 64k', 'read -P 0x67 768k 64k']);

    t.banner('a failing aio_read and a bad pattern');
    await t.io(['aio_read 1M 512', 'aio_flush'], { status: true });
    await t.io(['aio_read -P 0x99 0 512', 'aio_flush'], { status: true });

    t.banner('aio_write -z and an argument error');
    await t.io(['aio_write -q -z 0 4k', 'aio_flush', 'read -P 0 0 4k', 'aio_read', 'aio_write -u 0 512'], { status: true });
  },
};
export default test;
