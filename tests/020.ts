// 020: qemu-io housekeeping commands: help, info, length, sleep, open/close/reopen, sigraise.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-io\'s non-I/O commands print and fail exactly as QEMU 7.2, and sigraise kills with the signal\'s status',
  async run(t) {
    const img = t.env.TEST_IMG;
    await t.makeTestImg('1M');

    t.banner('help for single commands');
    await t.io(['help read', 'help aio_write', 'help bogus', 'help length', 'help help'], { status: true });

    t.banner('info, length, sleep');
    await t.io(['info', 'length', 'sleep 10', 'flush', 'aio_flush'], { status: true });
    await t.io(['sleep', 'sleep x'], { status: true });

    t.banner('open, close and reopen');
    await t.qemuIo(['-c', `open -r -o driver=raw ${img}`, '-c', 'info', '-c', 'write 0 1'], { status: true });
    await t.qemuIo(['-c', `open -r -f raw ${img}`], { status: true });
    await t.qemuIo(['-c', `open -o driver=raw,bogus=1 ${img}`], { status: true });
    await t.qemuIo(['-c', `open ${t.path('nope.img')}`], { status: true });
    await t.qemuIo(['-c', `open -t bogus ${img}`], { status: true });
    await t.qemuIo(['-c', `open -U -d bogus ${img}`], { status: true });
    // -U asks for a read-only open: a missing driver or file is reported first, then the refusal.
    await t.qemuIo(['-c', 'open -U', '-c', 'open -U -o driver=raw', '-c', `open -U ${t.path('nope.img')}`, '-c', `open -U ${img}`], { status: true });
    await t.io(['close', 'close', 'length'], { status: true });
    await t.io(['reopen -r', 'write 0 1', 'reopen -w', 'write -q -P 0x71 0 1', 'read -P 0x71 0 1'], { status: true });
    await t.io(['reopen -c bogus', 'reopen -o x=1', 'reopen -r -w', 'reopen -c none', 'read -q 0 512'], { status: true });

    t.banner('sigraise');
    await t.io(['write -q -P 0x72 0 512', 'sigraise 15', 'read -P 0x72 0 512'], { status: true });
    await t.io(['read -P 0x72 0 512', 'sigraise 9', 'read -P 0x72 0 512'], { status: true });
    await t.io(['sigraise', 'sigraise x'], { status: true });
    await t.io('read -P 0x72 0 512');
  },
};
export default test;
