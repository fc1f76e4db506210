// 021: qemu-io reading commands from standard input: prompts, blank lines, quit, end of input, mixed with -c.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { chain, qemuIoTimingFilter, testDirAndFmtFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'commands piped into qemu-io run in order until quit or end of input, with its prompt on stdout',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const img = t.env.TEST_IMG;
    const io = (stdin: string, ...args: string[]) => t.qemuIo([...args, '-f', fmt, img], { stdin, status: true });
    await t.makeTestImg('1M');

    t.banner('a session, prompts kept');
    const r = await t.qemuIo(['-f', fmt, img], {
      stdin: 'write -P 1 0 512\nread -P 1 0 512\n\nbogus\nlength\n',
      filters: [chain(testDirAndFmtFilter(t.env), qemuIoTimingFilter)],
    });
    t.echo('');
    t.showStatus(r);

    t.banner('quit stops reading');
    await io('read -P 1 0 1\nquit\nlength\n');
    await io('read -P 1 0 1\nq\nlength\n');

    t.banner('no final newline, blank input, spaces');
    await io('length');
    await io('');
    await io('\n\n\n');
    await io('  read   0   1  \nread "0" 1\nread 0 1 # comment\n');

    t.banner('with -c, standard input is not read');
    await io('length\n', '-c', 'read -P 1 0 1');

    t.banner('opening from standard input');
    await t.qemuIo([], { stdin: `open -o driver=${fmt} ${img}\nlength\nclose\nlength\n`, status: true });
  },
};
export default test;
