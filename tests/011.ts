// 011: qemu-io command-line errors: unknown commands, argument counts, bad numbers and patterns, bad flags.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'errors', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'every malformed qemu-io command gets QEMU\'s exact complaint and the right exit status',
  async run(t) {
    await t.makeTestImg('1M');
    const each = async (cmds: string[]) => {
      for (const c of cmds) {
        t.echo(`--- ${c}`);
        await t.io(c, { status: true });
      }
    };

    t.banner('unknown commands');
    await each(['foo', 'READ 0 512', 'r', 'writex 0 1', '']);

    t.banner('argument counts');
    await each(['read', 'read 0', 'read 0 1 2', 'write', 'writev 0', 'readv -P 1', 'length 1', 'flush 1', 'alloc', 'alloc 0 1 2', 'map 1', 'info 1']);

    t.banner('numbers');
    await each(['read abc 1', 'read 0 1x', 'read 0x 1', 'read 0 -1', 'read -- -1 1', 'write 0 1.5', 'read 1.5k 512', 'read 0x200 0x200', 'read 0 1b', 'read 1e 1']);

    t.banner('patterns');
    await each(['write -P 256 0 1', 'write -P x 0 1', 'write -P -1 0 1', 'write -P 0x100 0 1', 'write -P 0xff 0 1', 'read -P 0377 0 1', 'read -P 0xff -s 1 0 1', 'read -P 0xff -l 2 0 1', 'read -s 0 0 1']);

    t.banner('flags');
    await each(['read -x 0 1', 'write -u 0 4096', 'write -z -P 1 0 1', 'write -c -z 0 512', 'write -n 0 512', 'read -b 0 512', 'write -b 0 512', 'read -p 0 1', 'write -f -z 0 512', 'write -zu 0 512', 'read -qv 0 1']);
  },
};
export default test;
