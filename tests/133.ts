// 133: qemu-io break / wait_break / resume / remove_break with aio requests in flight: every message, the order of completions and the exit status as QEMU 7.2.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const CASES: Array<[string, string[]]> = [
  ['remove_break on a suspended request resumes it and still fails', ['break write_aio A', 'aio_write -P 0xcd 0 4k', 'wait_break A', 'remove_break A', 'aio_flush', 'read -P 0xcd 0 4k']],
  ['resume, then resume and remove_break a tag with nothing left', ['break write_aio A', 'aio_write 0 4k', 'wait_break A', 'resume A', 'aio_flush', 'resume A', 'remove_break A']],
  ['one tag on two events of one request', ['break write_aio A', 'break l2_update A', 'aio_write 0 4k', 'wait_break A', 'resume A', 'wait_break A', 'resume A', 'aio_flush']],
  ['two tags on one event: suspended under both, resumed one by one', ['break write_aio A', 'break write_aio B', 'aio_write 0 4k', 'wait_break A', 'wait_break B', 'resume A', 'resume B', 'aio_flush']],
  ['two tags on one event: remove_break each', ['break write_aio A', 'break write_aio B', 'aio_write 0 4k', 'wait_break B', 'remove_break B', 'remove_break A', 'aio_flush']],
  ['remove_break twice on a suspended request', ['break write_aio A', 'aio_write 0 4k', 'wait_break A', 'remove_break A', 'remove_break A', 'aio_flush']],
  ['unknown tags and events', ['remove_break X', 'resume X', 'break nosuch X', 'break write_aio A', 'resume A', 'remove_break A', 'remove_break A']],
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'aio', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'breakpoint edge cases (remove_break of a suspended request, duplicate tags, unknown tags) match QEMU',
  async run(t) {
    t.requireNoImgOpts();
    await t.writeFile('empty.conf', '');
    for (const [title, cmds] of CASES) {
      t.banner(title);
      await t.makeTestImg('64M', { quiet: true });
      await t.qemuIo([...cmds.flatMap((c) => ['-c', c]), `blkdebug:${t.path('empty.conf')}:${t.env.TEST_IMG}`], { status: true });
    }
  },
};
export default test;
