// 176: qemu-io sleep with values past int64 (strtol clamps them) and deadlines that wrap: QEMU's timer then expires at once.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'sleep accepts what strtol accepts and returns at once when the deadline overflows, as QEMU 7.2',
  async run(t) {
    await t.makeTestImg('1M');
    await t.io(['sleep 9999999999999999999', 'sleep 18446744073709551616', 'sleep 9223372036854775807', 'sleep 0x7fffffffffffffff', 'sleep 10000000000000', 'length'], { status: true });
    await t.io(['sleep -9999999999999999999', 'sleep 9999999999999999999x', 'length'], { status: true });
  },
};
export default test;
