// 010: the raw driver's offset/size window, opened through --image-opts and json: filenames.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { imgInfoFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'raw', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'raw offset/size expose a window of the file; writes stay inside it; bad windows are refused exactly',
  async run(t) {
    const img = t.env.TEST_IMG;
    const opts = (o: string) => `driver=raw,${o}file.filename=${img}`;
    const json = (o: string) => `json:{"driver":"raw",${o}"file":{"driver":"file","filename":"${img}"}}`;
    await t.makeTestImg('1M');
    await t.io(['write -q -P 1 0 64k', 'write -q -P 2 64k 64k', 'write -q -P 3 128k 64k']);

    t.banner('a 64 KiB window at 64 KiB (--image-opts)');
    await t.qemuIo(['--image-opts', '-c', 'length', '-c', 'read -P 2 0 64k', '-c', 'write -P 9 0 512', opts('offset=64k,size=64k,')]);
    await t.qemuIo(['--image-opts', '-c', 'read 64k 512', '-c', 'write 65535 2', opts('offset=64k,size=64k,')], { status: true });

    t.banner('the same window through json:');
    await t.qemuIo(['-c', 'read -v 0 16', '-c', 'read -v 65535 1', json('"offset":65536,"size":65536,')]);
    await t.qemuIo(['-f', 'raw', '-c', 'length', `json:{"offset":65536,"size":65536,"file":{"driver":"file","filename":"${img}"}}`]);

    t.banner('the bytes around the window in the file itself');
    await t.io(['read -P 1 0 64k', 'read -P 9 64k 512', 'read -P 2 66048 65024', 'read -P 3 128k 64k']);

    t.banner('windows without a size, or empty');
    await t.qemuIo(['--image-opts', '-c', 'length', opts('offset=1,')]);
    await t.qemuIo(['--image-opts', '-c', 'length', '-c', 'read -P 3 0 64k', opts('offset=128k,')]);
    await t.qemuIo(['--image-opts', '-c', 'length', '-c', 'read 0 1', opts('offset=1M,')], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'length', opts('size=512k,')]);

    t.banner('windows that do not fit');
    await t.qemuIo(['--image-opts', '-c', 'length', opts('offset=2M,')], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'length', opts('size=2M,')], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'length', opts('offset=512k,size=600k,')], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'length', opts('size=1000,')], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'length', opts('offset=-1,')], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'length', opts('offset=abc,')], { status: true });
    await t.qemuIo(['-c', 'length', json('"size":"x",')], { status: true });

    t.banner('qemu-img info on windows');
    await t.qemuImg(['info', '--image-opts', opts('offset=64k,size=64k,')], { filters: [imgInfoFilter(t.env)] });
    await t.qemuImg(['info', json('"offset":65536,"size":65536,')], { filters: [imgInfoFilter(t.env)] });
  },
};
export default test;
