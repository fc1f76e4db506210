// 029: resizing, converting and mapping through a raw offset/size window.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'raw', 'resize', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'a raw window with only an offset resizes the file around it; one with a size is fixed; map shows host offsets',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const win = (o: string) => `driver=raw,${o}file.filename=${img}`;
    const size = async () => t.echo(`file size: ${await t.fileSize(img)}`);
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x01 0 1M');

    t.banner('growing through an offset-only window');
    await t.qemuImg(['resize', '--image-opts', win('offset=64k,'), '2M'], { status: true });
    await size();
    await t.qemuIo(['--image-opts', '-c', 'length', '-c', 'read -P 0x01 0 960k', '-c', 'read -P 0 960k 1088k', win('offset=64k,')], { status: true });

    t.banner('truncating through it');
    await t.qemuIo(['--image-opts', '-c', 'truncate 512k', '-c', 'length', win('offset=64k,')], { status: true });
    await size();
    await t.qemuImg(['resize', '--shrink', '--image-opts', win('offset=64k,'), '100k'], { status: true });
    await size();
    await t.qemuImg(['info', '--image-opts', win('offset=64k,')], { filters: [imgInfoFilter(t.env)] });

    t.banner('a window with a size cannot be resized');
    await t.qemuImg(['resize', '--image-opts', win('offset=64k,size=64k,'), '128k'], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'truncate 64k', win('offset=64k,size=64k,')], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'truncate 32k', win('size=64k,')], { status: true });
    await size();

    t.banner('converting and mapping a window');
    await t.qemuImg(['convert', '--image-opts', win('offset=64k,size=64k,'), '-O', 'raw', t.path('x.raw')], { status: true });
    await t.qemuImg(['info', '-f', 'raw', t.path('x.raw')], { filters: [imgInfoFilter(t.env)] });
    await t.qemuImg(['compare', '--image-opts', win('offset=64k,size=64k,'), `driver=raw,file.filename=${t.path('x.raw')}`], { status: true });
    await t.qemuImg(['map', '--image-opts', win('offset=64k,size=64k,')], { status: true });
    await t.qemuImg(['map', '--output=json', '--image-opts', win('offset=96k,size=32k,')], { status: true });
  },
};
export default test;
