// 015: qemu-img create on raw: sizes with and without suffixes, -o options and help, errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'create', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-img create parses sizes and options exactly as QEMU, and the file has the announced size',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const create = async (...args: string[]) => {
      await t.qemuImg(['create', ...args], { status: true });
    };
    const size = async () => t.echo(`file size: ${(await t.exists(img)) ? await t.fileSize(img) : 'none'}`);

    t.banner('sizes');
    for (const s of ['0', '1', '512', '1.5k', '64K', '1M', '1G', '4G', '1T', '2047b', '0x1000']) {
      await create('-f', 'raw', img, s);
      await size();
    }

    t.banner('the size as an option, preallocation, quiet');
    await create('-f', 'raw', '-o', 'size=2M', img);
    await size();
    await create('-f', 'raw', '-o', 'preallocation=off', img, '64k');
    await create('-f', 'raw', '-o', 'preallocation=full', img, '64k');
    await size();
    await create('-f', 'raw', '-o', 'preallocation=falloc,size=128k', img);
    await size();
    await create('-q', '-f', 'raw', img, '3M');
    await size();
    await create(img, '1M');
    await create('-f', 'raw', '-u', img, '1M');

    t.banner('help for options');
    await create('-f', 'raw', '-o', 'help');
    await create('-f', 'raw', '-o', '?', img);
    await create('-f', 'raw', '-o', 'help,size=1M', img);

    t.banner('bad sizes');
    await t.remove(img);
    for (const s of ['1x', '0.1', '-1', '8E', '9223372036854775808', '18446744073709551616', 'k', '']) {
      await create('-f', 'raw', img, s);
    }
    await create('-f', 'raw', '-o', 'size=2M', img, '1M');
    await create('-f', 'raw', '-o', 'size=abc', img);
    await create('-f', 'raw', img);
    await size();

    t.banner('bad options, formats and arguments');
    await create('-f', 'raw', '-o', 'foo=bar', img, '1M');
    await create('-f', 'raw', '-o', 'preallocation=xyz', img, '64k');
    await create('-f', 'nope', img, '1M');
    await create('-f', 'raw', '-b', t.path('base.img'), img, '1M');
    await create('-f', 'raw');
    await create('-f', 'raw', img, '1M', 'extra');
    await create('-f', 'raw', t.path('no/such/dir/x.img'), '1M');
    await create('-f');
    await size();
  },
};
export default test;
