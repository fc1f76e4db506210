// 215: readv and writev poll for their request even when it fails its range check (QEMU 7.2 makes them through aio), so earlier aio failures report first; read and write do not.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { runIoCases } from '../common/io-cases.ts';

const CASES: string[][] = [
  ['aio_read 4G 2M', 'writev -P 0 1G 1', 'length'],
  ['aio_read 4G 2M', 'readv 1G 512', 'length'],
  ['aio_write 2T 1', 'aio_read 4G 2M', 'writev -f -P 0 1G 1'],
  // The synchronous commands fail before polling: the aio failure reports at the exit.
  ['aio_read 4G 2M', 'read 1G 512'],
  ['aio_read 4G 2M', 'write -P 0 1G 1'],
];

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'aio', 'auto', 'quick'],
  formats: ['generic'],
  purpose: 'an out-of-range readv or writev reports after the aio failures pending before it, as QEMU 7.2 does; read and write report first',
  async run(t) {
    t.requireNoImgOpts();
    await runIoCases(t, CASES);
  },
};
export default test;
