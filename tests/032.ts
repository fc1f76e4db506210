// 032: qemu-img convert target options on raw: preallocation, -o help, --target-image-opts, self-conversion.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'convert', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'convert creates raw targets with the requested preallocation and opens existing targets as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const src = t.env.TEST_IMG;
    const img = (...args: string[]) => t.qemuImg(args, { status: true });
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x01 0 64k');

    t.banner('preallocation of the target');
    for (const mode of ['off', 'falloc', 'full']) {
      const out = t.path(`${mode}.raw`);
      await img('convert', '-f', 'raw', '-O', 'raw', '-o', `preallocation=${mode}`, src, out);
      await img('map', '-f', 'raw', out);
      t.echo(`file size: ${await t.fileSize(out)}`);
    }
    await img('convert', '-f', 'raw', '-O', 'raw', '-o', 'preallocation=bogus', src, t.path('bogus.raw'));
    await img('convert', '-f', 'raw', '-O', 'raw', '-o', 'help', src, t.path('help.raw'));

    t.banner('--target-image-opts');
    const tgt = t.path('tgt.raw');
    await t.makeTestImg('1M', { img: tgt, quiet: true });
    await img('convert', '-f', 'raw', '-O', 'raw', '--target-image-opts', src, `driver=raw,file.filename=${tgt}`);
    await img('convert', '-n', '-f', 'raw', '--target-image-opts', src, `driver=raw,file.filename=${tgt}`);
    await img('compare', '-f', 'raw', '-F', 'raw', src, tgt);
    await img('convert', '-n', '-f', 'raw', '-O', 'raw', '--target-image-opts', src, `driver=raw,file.filename=${tgt}`);
    await img('convert', '-n', '-f', 'raw', '--target-image-opts', src, `driver=raw,offset=4k,file.filename=${tgt}`);
    await img('convert', '-n', '-f', 'raw', '--target-image-opts', src, `driver=raw,offset=4k,size=1020k,file.filename=${tgt}`);

    t.banner('a source that is also the target');
    await img('convert', '-n', '-f', 'raw', '-O', 'raw', src, src);
    await img('convert', '-f', 'raw', '-O', 'raw', '-U', src, t.path('u.raw'));
    await img('compare', '-f', 'raw', '-F', 'raw', src, t.path('u.raw'));

    t.banner('other source options');
    await img('convert', '-f', 'raw', '-O', 'raw', '-l', 'x', src, t.path('l.raw'));
    await img('convert', '-f', 'raw', '-O', 'raw', '-r', '1x', src, t.path('r.raw'));
    await img('convert', '-f', 'raw', '-O', 'raw', '-C', src, t.path('c.raw'));
    await img('compare', '-f', 'raw', '-F', 'raw', src, t.path('c.raw'));
  },
};
export default test;
