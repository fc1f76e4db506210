// 170: qemu-io argument corners: truncate names argv[1] in its parsing errors and crashes without an offset; alloc past the end and with int64-sized counts.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'auto', 'quick'],
  formats: ['generic'],
  purpose: 'truncate and alloc argument handling in qemu-io matches QEMU 7.2, crash included',
  async run(t) {
    await t.makeTestImg('1M');
    await t.io(['write -q -P 0x5a 0 1M']);

    t.banner('truncate reports argv[1], whatever came first');
    await t.io(['truncate -- x', 'truncate -m off x', 'truncate -- 8E', 'truncate -moff 9223372036854775808', 'truncate x'], { status: true });

    t.banner('truncate with options but no offset dies of SIGSEGV, buffered output lost');
    await t.io(['read -P 0x5a 0 512', 'truncate -m off', 'length'], { status: true });
    await t.io(['truncate -m full'], { status: true });
    await t.io(['truncate -m', 'truncate -m off 1M 2M', 'length'], { status: true });

    t.banner('alloc past the end and with huge counts');
    await t.io(['alloc 1 0x7fffffffffffffff', 'alloc 1E', 'alloc 0x7fffffffffffffff 0x7fffffffffffffff', 'alloc 1M 1', 'alloc 1000 9007199254740993',
      'alloc 9007199254740993 1', 'alloc 0 0x8000000000000000'], { status: true });
  },
};
export default test;
