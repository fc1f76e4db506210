// 030: odd things to open as raw (empty files, directories, /dev/null) and a sparse 5 GiB convert.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'io', 'raw', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'empty files and non-files are handled with QEMU\'s texts; a sparse 5 GiB copy keeps its far data',
  async run(t) {
    t.requireNoImgOpts();
    await t.requireSparse(8 * 1024 ** 3);
    const info = (p: string) => t.qemuImg(['info', p], { filters: [imgInfoFilter(t.env)], status: true });

    t.banner('an empty file');
    await t.writeFile('empty', '');
    await info(t.path('empty'));
    await t.qemuIo(['-c', 'length', '-c', 'read 0 1', t.path('empty')], { status: true });
    await t.qemuIo(['-f', 'raw', '-c', 'write 0 1', '-c', 'truncate 1', '-c', 'length', '-c', 'read -v 0 1', t.path('empty')], { status: true });
    t.echo(`file size: ${await t.fileSize('empty')}`);

    t.banner('a directory');
    const dir = t.path('d');
    await t.mkdir(dir);
    await info(dir);
    await t.qemuIo(['-c', 'length', dir], { status: true });
    await t.qemuIo(['-f', 'raw', '-r', '-c', 'length', dir], { status: true });
    await t.qemuImg(['create', '-f', 'raw', dir, '1M'], { status: true });

    t.banner('/dev/null, read-only');
    await info('/dev/null');
    await t.qemuIo(['-f', 'raw', '-r', '-c', 'length', '-c', 'read 0 512', '/dev/null'], { status: true });

    t.banner('a sparse 5 GiB image with data at 2 GiB and at the end');
    await t.makeTestImg('5G');
    await t.io(['write -q -P 0x99 5368705024 4k', 'write -q -P 0x98 2G 512']);
    await t.qemuImg(['convert', '-f', 'raw', '-O', 'raw', t.env.TEST_IMG, t.path('copy.raw')], { status: true });
    await t.qemuImg(['convert', t.env.TEST_IMG, t.path('copy2.img')], { status: true });
    await info(t.path('copy2.img'));
    await t.qemuImg(['compare', '-f', 'raw', '-F', 'raw', t.env.TEST_IMG, t.path('copy.raw')], { status: true });
    await t.qemuImg(['map', '-f', 'raw', t.path('copy.raw')], { status: true });
    await t.io(['read -P 0x99 5368705024 4k', 'read -P 0x98 2G 512', 'read -P 0 2147484160 512'], { img: t.path('copy2.img') });
  },
};
export default test;
