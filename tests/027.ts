// 027: read -v hexdumps (odd starts and lengths, printable and unprintable bytes) and vectored I/O shapes.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'rw', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-io dumps bytes exactly as QEMU does and splits vectored requests as asked',
  async run(t) {
    await t.makeTestImg('64k');

    t.banner('every byte value, one per offset');
    const cmds: string[] = [];
    for (let b = 0; b < 256; b++) cmds.push(`write -q -P ${b} ${4096 + b} 1`);
    await t.io(cmds);
    await t.io('read -v 4096 256');

    t.banner('odd starts and lengths');
    await t.io(['read -v 4097 1', 'read -v 4111 2', 'read -v 4127 17', 'read -v 4128 33', 'read -v 4200 0']);

    t.banner('hexdumps from readv and aio_read');
    await t.io(['readv -v 4126 3 1 4', 'aio_read -v 4160 5 6', 'aio_flush']);

    t.banner('writev with many buffers, readv with other splits');
    await t.io(['writev -P 0x61 8192 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1', 'readv -P 0x61 8192 10 10', 'readv -v 8190 2 20 2']);
    await t.io(['writev -P 0x62 9000 1k 1k 1k 1k', 'readv -P 0x62 9000 512 3584', 'read -P 0x62 9000 4096']);
    await t.io(['aio_write -P 0x63 16384 100 200 300', 'aio_flush', 'aio_read -P 0x63 16384 600', 'aio_flush']);

    t.banner('vectored errors');
    await t.io(['readv 0', 'writev', 'readv 0 1x', 'writev -P 1 65535 1 1', 'readv 65535 1 1', 'readv 0 0 0'], { status: true });
  },
};
export default test;
