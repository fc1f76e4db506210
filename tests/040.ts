// 040: many aio writes in flight into the same cluster-sized regions (non-overlapping bytes), then verified.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { patternCommands } from '../common/pattern.ts';

const quiet = (cmds: string[]) => cmds.map((c) => c.replace(/^(aio_write|aio_read|read|write) /, '$1 -q '));

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'aio', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'concurrent aio writes that share a 64 KiB region (and so a cluster) all land, none lost to another',
  async run(t) {
    await t.makeTestImg('1M');

    t.banner('sixteen 4 KiB writes in flight inside one 64 KiB region');
    const inOne = { start: 0, size: 4096, step: 4096, count: 16, pattern: 0x40, patternStep: 1 };
    await t.io(quiet(patternCommands('aio_write', inOne)), { status: true });
    await t.io(quiet(patternCommands('verify', inOne)), { status: true });

    t.banner('unaligned writes in flight, two per 512-byte sector');
    const halves = { start: 65536, size: 256, step: 256, count: 64, pattern: 0x80, patternStep: 1 };
    await t.io(quiet(patternCommands('aio_write', halves)), { status: true });
    await t.io(quiet(patternCommands('verify', halves)), { status: true });

    t.banner('writes straddling 64 KiB boundaries, all in flight');
    const straddle = { start: 131072 + 65536 - 3000, size: 6000, step: 65536, count: 8, pattern: 0xc0, patternStep: 3 };
    await t.io(quiet(patternCommands('aio_write', straddle)), { status: true });
    await t.io(quiet(patternCommands('verify', straddle)), { status: true });
    await t.io(['read -q -P 0 131072 62536', 'read -q -P 0 199608 59536'], { status: true });

    t.banner('reads in flight while writes are in flight');
    const later = { start: 786432, size: 8192, step: 8192, count: 8, pattern: 0x11, patternStep: 2 };
    await t.io([...quiet(patternCommands('aio_write', later)).slice(0, -1), ...quiet(patternCommands('aio_verify', inOne))], { status: true });
    await t.io(quiet(patternCommands('verify', later)), { status: true });

    t.banner('a copy holds the same data');
    await t.qemuImg(['convert', '-f', t.env.IMGFMT, '-O', 'raw', t.env.TEST_IMG, t.path('copy.raw')], { status: true });
    await t.qemuImg(['compare', '-f', t.env.IMGFMT, '-F', 'raw', t.env.TEST_IMG, t.path('copy.raw')], { status: 'always' });
  },
};
export default test;
