// 025: qemu-io open flags: -s (temporary overlay), -C, -n / -t, -m, -d, -U and -k/-i constraints.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'open', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-io open flags change caching and sharing, -s leaves the image untouched, conflicts fail exactly',
  async run(t) {
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x41 0 100');
    const io = (flags: string[], cmds: string[]) => t.io(cmds, { flags, status: true });

    t.banner('-s: writes go to a temporary overlay');
    await io(['-s'], ['write -P 9 0 512', 'read -P 9 0 512']);
    await io([], ['read -P 0x41 0 100', 'read -P 0 100 412']);
    await io(['-r', '-s'], ['write -P 1 0 512']);

    t.banner('caching and alignment flags');
    await io(['-C'], ['read -P 0x41 0 100']);
    await io(['-n'], ['write -P 0x42 1 3', 'read -v 0 8']);
    await io(['-t', 'none'], ['read -P 0x42 1 3', 'write -P 0x43 5 1', 'read -v 0 8']);
    await io(['-t', 'directsync'], ['write -P 0x44 6 1']);
    await io(['-t', 'unsafe'], ['write -P 0x45 7 1']);
    await io(['-t', 'writethrough', '-m'], ['read -v 0 8']);
    await io(['--cache=writeback', '--misalign'], ['read -v 1 7']);

    t.banner('discard modes');
    await io(['-d', 'unmap'], ['discard 64k 4k', 'read -P 0 64k 4k']);
    await io(['-d', 'ignore'], ['discard 0 4k', 'read -v 0 8']);
    await io(['--discard=off'], ['discard 0 4k', 'read -v 0 8']);

    t.banner('conflicting or unsupported flags');
    await io(['-U'], ['read 1 3']);
    await io(['-r', '-U'], ['read -P 0x42 1 3']);
    await io(['-k'], ['read 1 3']);
    await io(['-i', 'native'], ['read 1 3']);
    await io(['-n', '-i', 'native'], ['read -P 0x42 1 3']);
    await io(['-i', 'threads'], ['read -P 0x42 1 3']);
  },
};
export default test;
