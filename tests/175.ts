// 175: reopen on a -s snapshot: its temporary file is already unlinked, so a reopen that needs a new descriptor (read-only, O_DIRECT) fails by name; the others succeed.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

/** The temporary overlay's name is random. */
const tmpName = (s: string) => s.replace(/'[^']*\/vl\.[A-Za-z0-9]{6}'/g, "'TMPDIR/vl.XXXXXX'");

const test: TestDefinition<TestContext> = {
  groups: ['io', 'snapshot', 'auto', 'quick'],
  formats: ['generic'],
  purpose: 'qemu-io -s then reopen: which reopens need the unlinked temporary file, as QEMU 7.2',
  async run(t) {
    await t.makeTestImg('1M');
    await t.io(['write -q -P 0x5a 0 64k']);
    for (const cmd of ['reopen -r', 'reopen -c none', 'reopen -c directsync', 'reopen -o cache.direct=on', 'reopen -c writethrough', 'reopen -c unsafe', 'reopen -w', 'reopen -o detect-zeroes=on']) {
      t.banner(cmd);
      await t.io([cmd, 'write -q -P 0x11 0 512', 'read -q -P 0x11 0 512'], { flags: ['-s'], status: true, extraFilters: [tmpName] });
    }
    t.banner('the image itself is unchanged');
    await t.io(['read -q -P 0x5a 0 64k'], { status: true });
  },
};
export default test;
