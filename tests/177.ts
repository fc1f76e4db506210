// 177: write -s reads only as much of its source as the request needs (a device like /dev/zero works), and a zero-length request reads nothing: "file is empty".
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'rw', 'auto', 'quick'],
  formats: ['generic'],
  purpose: 'qemu-io write -s with endless, short, empty and zero-length sources matches QEMU 7.2',
  async run(t) {
    await t.makeTestImg('1M');
    const src = t.path('src');
    await t.writeFile('src', 'abcdefgh'.repeat(100));
    await t.writeFile('empty', '');
    await t.io(['write -q -P 0x5a 0 64k', `write -s /dev/zero 0 64k`, 'read -P 0 0 64k'], { status: true });
    await t.io([`write -s ${src} 3 5`, 'read -v 0 16', `write -s ${src} 1000 1000`, 'read -v 1000 16', 'read -v 1784 16'], { status: true });
    await t.io([`write -s ${src} 0 0`, `write -s ${t.path('empty')} 0 0`, `write -s ${t.path('empty')} 0 1`, `write -s ${t.env.TEST_DIR} 0 1`], { status: true });
  },
};
export default test;
