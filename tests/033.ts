// 033: aio command edge cases: injected invalid requests, failures past the end, argument errors, read-only.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'aio', 'errors', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'aio_read/aio_write/aio_flush report bad requests and arguments exactly as QEMU 7.2',
  async run(t) {
    await t.makeTestImg('1M');
    const io = (cmds: string[], flags: string[] = []) => t.io(cmds, { flags, status: true });

    t.banner('injected invalid requests');
    await io(['aio_write -i 0 512', 'aio_read -i 0 512', 'aio_flush']);

    t.banner('requests past the end');
    await io(['aio_write 1M 512', 'aio_flush']);
    await io(['aio_read 1048064 1024', 'aio_flush']);
    await io(['aio_write -q -P 7 1048064 512', 'aio_flush', 'aio_read -P 7 1048064 512', 'aio_flush']);

    t.banner('argument errors');
    await io(['aio_write -P 1 0 1x', 'aio_read -P 256 0 1', 'aio_write -u 0 1', 'aio_read -x 0 1', 'aio_write', 'aio_flush 1']);
    await io(['aio_read 0', 'aio_write -P 1', 'aio_read -- -1 1']);

    t.banner('read-only');
    await io(['aio_write 0 512', 'aio_flush'], ['-r']);
    await io(['aio_read -P 7 1048064 512', 'aio_flush'], ['-r']);

    t.banner('vectored aio');
    await io(['aio_write -q -P 5 0 100 200', 'aio_flush', 'aio_read -v 95 10', 'aio_flush', 'aio_read -P 5 0 150 150', 'aio_flush']);
  },
};
export default test;
