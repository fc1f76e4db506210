// 142: qemu-io reopen -o offset/size changes the raw window, with raw's checks, keeping what is not given.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['raw'],
  purpose: 'raw offset/size given to reopen are applied (or refused with raw_apply_options\' messages)',
  async run(t) {
    t.requireNoImgOpts();
    await t.makeTestImg('1M', { quiet: true });
    await t.io('write -q -P 1 512 512');
    await t.io('write -q -P 2 1048064 512');
    for (const o of ['size=512', 'offset=512', 'offset=512,size=512', 'size=513', 'offset=1', 'offset=2M', 'size=2M', 'offset=1048064,size=1024', 'size=0', 'offset=1048064', 'offset=0', 'size=1x']) {
      t.banner(`reopen -o ${o}`);
      await t.io(['reopen -o ' + o, 'length', 'read -P 1 0 512', 'info'], { status: true });
    }
    t.banner('options given earlier stay');
    await t.io(['reopen -o size=512', 'reopen -o offset=512', 'length', 'read -P 1 0 512', 'reopen -o size=1024', 'length']);
    await t.qemuIo(['--image-opts', '-c', 'reopen -o offset=0', '-c', 'length', '-c', 'read -P 0 0 512', `driver=raw,file.filename=${t.env.TEST_IMG},offset=1024,size=4096`]);

    t.banner('a regular file named with a trailing slash');
    await t.qemuIo(['-f', 'raw', '-c', 'length', `${t.env.TEST_IMG}/`], { status: true });
    await t.qemuImg(['info', `${t.env.TEST_IMG}/`], { status: true });
    await t.qemuImg(['create', '-f', 'raw', `${t.path('new')}/`, '1M'], { status: true });
  },
};
export default test;
