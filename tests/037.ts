// 037: json: image names as qemu-img rebuilds them: key order, dropped options, quotes, backslashes, non-ASCII.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter, imgInfoJsonFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'info', 'json', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'the image name qemu-img info prints for option-built images matches QEMU 7.2 byte for byte',
  async run(t) {
    t.requireNoImgOpts();
    const odd = t.path('a"b\\c.raw');
    const uni = t.path('é ü.raw');
    const human = (...args: string[]) => t.qemuImg(['info', ...args], { filters: [imgInfoFilter(t.env)], status: true });
    const json = (...args: string[]) => t.qemuImg(['info', '--output=json', ...args], { filters: [imgInfoJsonFilter(t.env)], status: true });
    await t.makeTestImg('1M', { img: odd });
    await t.makeTestImg('1M', { img: uni });

    t.banner('quotes and backslashes in the file name');
    await human('--image-opts', `driver=raw,offset=512,file.filename=${odd}`);
    await json('--image-opts', `driver=raw,offset=512,file.filename=${odd}`);
    await json('-f', 'raw', odd);

    t.banner('non-ASCII file names');
    await json('--image-opts', `driver=raw,size=512,file.filename=${uni}`);
    await t.qemuImg(['map', '--output=json', '--image-opts', `driver=raw,size=512,file.filename=${uni}`], { status: true });
    await human(`json:{"driver":"raw","size":1024,"file":{"driver":"file","filename":"${uni}","aio":"threads"}}`);
    await json(`json:{"driver":"raw","offset":1024,"file":{"driver":"file","filename":"${uni}","aio":"threads"}}`);

    t.banner('options that do not make a json: name');
    await human('--image-opts', `driver=raw,file.driver=file,file.filename=${uni},file.locking=off`);
    await human(`json:{"file":{"driver":"file","filename":"${uni}"}}`);
    await human(`json:{"driver":"raw","file":{"driver":"file","filename":"${uni}"}}`);
  },
};
export default test;
