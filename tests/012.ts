// 012: qemu-io start-up errors: missing files, unknown drivers and options, bad json:, conflicting flags.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'errors', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-io reports open failures and bad options exactly as QEMU does, and never touches the image',
  async run(t) {
    const img = t.env.TEST_IMG;
    const fmt = t.env.IMGFMT;
    await t.makeTestImg('1M');
    await t.io('write -q -P 0x5c 0 1M');
    const io = (...args: string[]) => t.qemuIo(args, { status: true });

    t.banner('missing files and unknown drivers');
    await io('-c', 'length', t.path('missing.img'));
    await io('-f', fmt, '-c', 'length', t.path('missing.img'));
    await io('-f', 'bogus', '-c', 'length', img);
    await io('-c', 'length', 'json:{"driver":"bogus"}');
    await io('--image-opts', '-c', 'length', `driver=bogus,file.filename=${img}`);

    t.banner('malformed json: filenames');
    await io('-c', 'length', `json:{"driver":"${fmt}"`);
    await io('-c', 'length', 'json:[1]');
    await io('-c', 'length', 'json:');
    await io('-c', 'length', `json:{"driver":"${fmt}","file":{"driver":"file","filename":"${img}"},"foo":1}`);
    await io('-c', 'length', `json:{"driver":"${fmt}","file":{"driver":"file","filename":"${img}","foo":1}}`);
    await io('-c', 'length', `json:{"driver":"${fmt}","file":{"driver":"file"}}`);

    t.banner('unknown --image-opts keys');
    await io('--image-opts', '-c', 'length', `driver=${fmt},file.filename=${img},bar=1`);
    await io('--image-opts', '-c', 'length', `driver=${fmt},file.filename=${img},file.bar=1`);
    await io('--image-opts', '-f', fmt, '-c', 'length', `driver=${fmt},file.filename=${img}`);

    t.banner('bad option values');
    await io('-f', fmt, '--cache=bogus', '-c', 'length', img);
    await io('-f', fmt, '-t', 'bogus', '-c', 'length', img);
    await io('-f', fmt, '-d', 'bogus', '-c', 'length', img);
    await io('-f', fmt, '-i', 'bogus', '-c', 'length', img);
    await io('-f', fmt, '-x', '-c', 'length', img);
    await io('-f', fmt, '-c');

    t.banner('two image names');
    await io('-f', fmt, '-c', 'length', img, img);

    t.banner('no image, or a second one');
    await io('-c', 'length');
    await io('-f', fmt, '-c', `open ${img}`, img);
    await io('-f', fmt, '-c', 'close', '-c', 'length', img);
    await io('-c', `open -f ${fmt} ${img}`, '-c', 'length');

    t.banner('read-only opens refuse writes');
    await io('-f', fmt, '-r', '-c', 'write 0 1', '-c', 'write -z 0 512', '-c', 'writev 0 1', '-c', 'aio_write 0 1', img);
    await io('-f', fmt, '-c', 'read -P 0x5c 0 1M', img);
  },
};
export default test;
