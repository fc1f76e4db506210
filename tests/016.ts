// 016: qemu-img info in human and JSON form, through every way of naming the image, and its errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { chain, imgInfoFilter, imgInfoJsonFilter, imgInfoLinesFilter, testDirFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'info', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-img info reports the same image whichever way it is named, and fails exactly on bad input',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const img = t.env.TEST_IMG;
    const human = { filters: [imgInfoFilter(t.env)], status: true };
    const json = { filters: [imgInfoJsonFilter(t.env)], status: true };
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x33 0 64k');

    t.banner('human output');
    await t.qemuImg(['info', '-f', fmt, img], human);
    await t.qemuImg(['info', '-f', fmt, '--backing-chain', img], human);
    await t.qemuImg(['info', '-U', '-f', fmt, img], human);
    await t.qemuImg(['info', '--output', 'human', '-f', fmt, img], human);

    t.banner('JSON output');
    await t.qemuImg(['info', '-f', fmt, '--output=json', img], json);
    await t.qemuImg(['info', '--force-share', '--output', 'json', '-f', fmt, img], json);

    t.banner('other ways to name the image');
    await t.qemuImg(['info', '--image-opts', `driver=${fmt},file.filename=${img}`], human);
    await t.qemuImg(['info', `json:{"driver":"${fmt}","file":{"driver":"file","filename":"${img}"}}`], human);
    await t.qemuImg(['info', '-f', fmt, `file:${img}`], human);

    t.banner('a tiny file of arbitrary bytes is a raw image');
    await t.writeFile('hello.txt', 'hello');
    await t.qemuImg(['info', t.path('hello.txt')], { filters: [chain(imgInfoLinesFilter, testDirFilter(t.env))] });

    t.banner('errors');
    await t.qemuImg(['info', '-f', fmt, '--output=xml', img], human);
    await t.qemuImg(['info'], human);
    await t.qemuImg(['info', '-f', fmt, img, img], human);
    await t.qemuImg(['info', '-f', 'bogus', img], human);
    await t.qemuImg(['info', t.path('missing.img')], human);
    await t.qemuImg(['info', '-t', 'none', img], human);
    await t.qemuImg(['info', '--object', 'foo', img], human);
    await t.qemuImg(['info', '--image-opts', `driver=${fmt},file.filename=${img},bogus=1`], human);
  },
};
export default test;
