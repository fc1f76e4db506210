// 158: when pending qemu-io aio requests report: an aio read completes while a later write (or, on qcow2, map or alloc) polls for its own request, an aio write at the drain.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { runIoCases } from '../common/io-cases.ts';

const CASES: string[][] = [
  ['aio_read -P 0x61 0 4k', 'map'],
  ['aio_read -P 0x61 0 4k', 'alloc 0 4k'],
  ['aio_read -P 0x61 0 4k', 'write -P 0x63 192k 4k'],
  // (Not map between them: whether QEMU's write has linked its cluster by then depends on its timing.)
  ['aio_write -P 0x62 128k 4k', 'aio_flush', 'map'],
];

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'aio', 'auto', 'quick'],
  formats: ['qcow2', 'raw'],
  purpose: 'aio completions are reported where QEMU polls for them: reads during a later map, alloc or write, writes at the drain',
  async run(t) {
    t.requireNoImgOpts();
    await runIoCases(t, CASES);
  },
};
export default test;
