// 034: qemu-img bench: request geometry lines, the data a write run leaves, and option errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { benchTimeFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'bench', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-img bench announces its requests as QEMU does, writes its pattern, and rejects bad options exactly',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const img = t.env.TEST_IMG;
    const bench = (...args: string[]) => t.qemuImg(['bench', '-f', fmt, ...args, img], { extraFilters: [benchTimeFilter], status: true });
    await t.makeTestImg('1M');

    t.banner('read runs');
    await bench('-c', '100');
    await bench('-c', '10', '-o', '512', '-S', '8k', '-s', '1k');
    await bench('-c', '0');
    await bench('-c', '16', '-d', '1', '-s', '64k');

    t.banner('write runs');
    await bench('-w', '-c', '100', '-d', '4', '-s', '4k', '--pattern=7');
    await t.io(['read -P 7 0 400k', 'read -P 0 400k 624k']);
    await bench('-w', '-c', '4', '-d', '2', '-s', '512', '-S', '64k', '--pattern=0x33', '--flush-interval=2');
    await t.io(['read -P 0x33 0 512', 'read -P 7 512 1536', 'read -P 0x33 64k 512', 'read -P 0x33 192k 512']);
    await bench('-w', '-c', '4', '-d', '2', '--flush-interval=2', '--no-drain');

    t.banner('failing requests');
    await bench('-s', '2M', '-c', '1');
    await bench('-o', '1M', '-c', '1');

    t.banner('option errors');
    await bench('-c', 'x');
    await bench('-c', '10', '--flush-interval=3');
    await bench('-w', '-c', '10', '--flush-interval=3');
    await bench('-t', 'bogus');
    await bench('-i', 'bogus');
    await bench('-w', '--pattern=x');
    await bench('-s', '1x');
  },
};
export default test;
