// 002: unaligned requests (odd offsets and lengths, across sector and 4 KiB boundaries) keep their neighbours intact.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { ioPattern } from '../common/pattern.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'sub-sector writes at odd offsets and lengths only change the bytes they cover',
  async run(t) {
    await t.makeTestImg('128k');

    t.banner('filling the image with a background pattern');
    await t.io('write -P 0x11 0 128k');

    t.banner('single bytes around a 32 KiB boundary');
    await ioPattern(t, 'write', { start: 32765, size: 1, step: 1, count: 6, pattern: 0x20, patternStep: 1 });
    await t.io('read -v 32760 16');

    t.banner('odd lengths straddling 4 KiB boundaries');
    await ioPattern(t, 'write', { start: 4093, size: 7, step: 4096, count: 4, pattern: 0x40, patternStep: 0x10 });
    await ioPattern(t, 'verify', { start: 4093, size: 7, step: 4096, count: 4, pattern: 0x40, patternStep: 0x10 });
    await t.io(['read -P 0x11 0 4093', 'read -P 0x11 4100 4089', 'read -v 8184 16']);

    t.banner('a 513-byte write at offset 1 and a 1023-byte write at offset 1537');
    await t.io(['write -P 0x5a 1 513', 'write -P 0xa5 1537 1023']);
    await t.io(['read -P 0x11 0 1', 'read -P 0x5a 1 513', 'read -P 0x11 514 1023', 'read -P 0xa5 1537 1023', 'read -P 0x11 2560 1533']);

    t.banner('writev with odd-sized buffers, read back with readv');
    await t.io(['writev -P 0x77 10001 1 2 3 511 513', 'readv -P 0x77 10001 513 511 3 2 1']);
    await t.io(['read -P 0x11 10000 1', 'read -P 0x11 11031 1', 'read -v 11024 16']);

    t.banner('pattern offsets inside a read (-s and -l)');
    await t.io(['read -P 0x77 -s 1 -l 1029 10000 1031', 'read -P 0x77 -s 0 -l 1029 10000 1031']);

    t.banner('the last byte of the image');
    await t.io(['write -P 0xee 131071 1', 'read -v 131056 16']);
  },
};
export default test;
