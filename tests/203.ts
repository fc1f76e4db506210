// 203: when qemu-io reports aio requests that failed at once (bottom halves: at the next poll, newest first), and completions at reopen and sleep.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { runIoCases } from '../common/io-cases.ts';

const CASES: string[][] = [
  // Commands that fail before making a request poll nothing: the failure reports at the drain.
  ['aio_write 1T 1', 'discard -1 0', 'write 0', 'nosuch', 'read -s 2M 0 512', 'length', 'aio_flush'],
  // Metadata-only commands make no request either; exit drains.
  ['aio_read 1T 1', 'length', 'help length', 'alloc 8M 1'],
  // A command's first request polls: both failures report before its output, the newer first.
  ['aio_write 1T 100', 'aio_read 2T 100', 'read -P 0x61 0 512'],
  ['aio_read 2T 1', 'aio_write 1T 1', 'write -P 0x62 4k 512'],
  ['aio_write 1T 1', 'discard 64k 64k', 'length'],
  ['aio_write 1T 1', 'truncate 8M', 'length'],
  // At a drain the failures report first.
  ['aio_read -P 0x61 0 4k', 'aio_write 1T 1', 'aio_flush'],
  // reopen drains, and sleep runs the event loop: completions report before what follows.
  ['aio_write -P 0x63 64k 4k', 'reopen -r', 'length'],
  ['aio_read -P 0x61 0 4k', 'reopen -w', 'length'],
  ['aio_read -P 0x61 0 4k', 'aio_write 1T 1', 'sleep 100', 'length'],
];

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'aio', 'auto', 'quick'],
  formats: ['qcow2', 'raw'],
  purpose: 'aio requests that fail at once report at the next poll (newest first); commands that fail early poll nothing; reopen and sleep report completions',
  async run(t) {
    t.requireNoImgOpts();
    await runIoCases(t, CASES);
  },
};
export default test;
