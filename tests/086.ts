// 086: qcow2 discard under qemu-io's discard modes and the qcow2 pass-discard and runtime options.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'discard', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'what a discard does to qcow2 metadata depends on the open options exactly as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const fresh = async (opts = ''): Promise<void> => {
      await createQcow2(t, 'img.qcow2', '1M', opts);
      await t.io('write -q -P 0x4d 0 512k', { img });
    };
    const map = () => t.qemuImg(['map', '--output=json', img]);
    const opts = (o: string, cmds: string[]) => t.qemuIo(['--image-opts', ...cmds.flatMap((c) => ['-c', c]), `driver=qcow2,file.filename=${img}${o}`], { status: true });

    t.banner('qemu-io -d ignore and -d unmap');
    await fresh();
    await t.io(['discard 0 64k'], { img, flags: ['-d', 'ignore'], status: true });
    await t.io(['discard 64k 64k'], { img, flags: ['-d', 'unmap'], status: true });
    await t.io(['discard 128k 64k'], { img, flags: ['-d', 'on'], status: true });
    await t.io(['discard 192k 64k'], { img, flags: ['-d', 'off'], status: true });
    await map();
    await t.io(['read -v 0 8', 'read -v 64k 8', 'read -v 128k 8', 'read -v 192k 8'], { img });

    t.banner('--image-opts discard and pass-discard-request');
    await fresh();
    await opts(',discard=unmap,pass-discard-request=off', ['discard 0 64k']);
    await opts(',discard=unmap,pass-discard-request=on', ['discard 64k 64k']);
    await opts(',discard=ignore', ['discard 128k 64k']);
    await opts(',discard=bogus', ['discard 192k 64k']);
    await opts(',pass-discard-request=maybe', ['discard 192k 64k']);
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('discarding over a backing file, v2 and v3');
    await t.qemuImg(['create', '-f', 'qcow2', t.path('base.qcow2'), '1M']);
    await t.io('write -q -P 0xba 0 1M', { img: t.path('base.qcow2') });
    for (const compat of ['1.1', '0.10']) {
      await fresh(`compat=${compat},backing_file=base.qcow2,backing_fmt=qcow2`);
      await t.io(['discard 0 64k', 'discard 600k 64k', 'discard 1000k 24k'], { img, status: true });
      await t.io(['read -v 0 8', 'read -v 600k 8', 'read -v 640k 8', 'read -v 1000k 8'], { img });
      await map();
    }

    t.banner('discard-no-unref and other runtime options');
    await fresh();
    await opts(',discard-no-unref=on', ['discard 0 64k']);
    await opts(',lazy-refcounts=on', ['write -q -P 0x4e 512k 64k', 'read -P 0x4e 512k 64k']);
    await opts(',overlap-check=none', ['write -q -P 0x4f 576k 64k']);
    await opts(',overlap-check=bogus', ['read 0 1']);
    await opts(',l2-cache-size=1M,refcount-cache-size=64k', ['read -P 0x4d 64k 64k']);
    await opts(',cache-size=1k', ['read 0 1']);
    await opts(',l2-cache-size=1M,refcount-cache-size=1M,cache-size=1M', ['read 0 1']);
    await opts(',l2-cache-entry-size=1000', ['read 0 1']);
    await opts(',cache-clean-interval=-1', ['read 0 1']);
    await map();
  },
};
export default test;
