// 210: qemu-img convert -C writes data extents whole, zeroes in them included, until data it cannot offload (compressed clusters, filters) turns it back to reading and writing.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'convert', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'convert -C skips the zero detection of data extents as QEMU\'s copy offloading does, and falls back where QEMU\'s fails',
  async run(t) {
    t.requireNoImgOpts();
    const raw = t.path('src.raw');
    const comp = t.path('comp.qcow2');
    const out = t.path('out.img');
    const convert = async (args: string[], outFmt: string): Promise<void> => {
      await t.qemuImg(['convert', ...args, '-O', outFmt, out], { status: true });
      await t.qemuImg(['map', '--output=json', '-f', outFmt, out]);
      await t.remove('out.img');
    };

    await t.qemuImg(['create', '-q', '-f', 'raw', raw, '4M']);
    await t.io(['write -q -P 0 0 192k', 'write -q -P 5 1M 64k', 'write -q -P 0 2M 64k'], { img: raw, fmt: 'raw' });
    await t.makeTestImg('4M', { img: comp, quiet: true });
    await t.io(['write -q -P 0 0 64k', 'write -q -c -P 3 1M 64k', 'write -q -P 0 2M 64k', 'write -q -P 6 3M 4k'], { img: comp });

    t.banner('raw data with zeroes in it, to qcow2 and to raw: without -C, then with it');
    for (const fmt of ['qcow2', 'raw']) {
      await convert(['-f', 'raw', raw], fmt);
      await convert(['-C', '-f', 'raw', raw], fmt);
    }

    t.banner('a compressed cluster ends offloading: data before it is written whole, data after it only where not zero');
    await convert(['-C', '-f', 'qcow2', comp], 'qcow2');

    t.banner('a filter in the source chain cannot offload at all');
    await convert(['-C', '--image-opts', `driver=blkdebug,image.driver=raw,image.file.filename=${raw}`], 'qcow2');

    t.banner('-C with -c, -S or --salvage is refused');
    for (const bad of [['-c'], ['-S', '4k'], ['--salvage']]) {
      await t.qemuImg(['convert', '-C', ...bad, '-f', 'raw', raw, '-O', 'qcow2', out], { status: true });
    }
  },
};
export default test;
