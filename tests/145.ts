// 145: runtime options of a qcow2 overlay: backing overrides, node names in reopen, cache and encryption options.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'open-time options QEMU accepts or refuses on an overlay, with its messages (encrypt.* on a plain image, reopen naming the current child)',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const base = t.path('b.raw');
    await t.makeTestImg('1M', { img: base, fmt: 'raw', quiet: true });
    await t.io('write -q -P 0x11 0 64k', { img: base, fmt: 'raw' });
    await t.qemuImg(['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'raw', img]);
    const opts = (extra: string) => `driver=qcow2,file.filename=${img},${extra}`;

    t.banner('encryption options on an unencrypted image');
    for (const o of ['encrypt.format=aes', 'encrypt.format=luks', 'encrypt.key-secret=x', 'encrypt.format=aes,l2-cache-entry-size=1000']) {
      await t.qemuIo(['-c', 'read 0 1', '--image-opts', opts(o)], { status: true });
    }

    t.banner('cache options');
    for (const o of ['l2-cache-size=1M', 'cache-size=1M,l2-cache-size=2M', 'l2-cache-entry-size=1000', 'overlap-check=bogus', 'cache-clean-interval=-1', 'pass-discard-other=x']) {
      await t.qemuIo(['-c', 'read 0 1', '--image-opts', opts(o)], { status: true });
    }

    t.banner('backing overrides');
    await t.qemuIo(['-c', 'read -v 0 16', '--image-opts', opts(`backing.driver=raw,backing.file.filename=${base},backing.offset=65532`)]);
    await t.qemuImg(['map', '--output=json', '--image-opts', opts(`backing.driver=raw,backing.file.filename=${base},backing.offset=4096`)]);

    t.banner('reopen naming the current children');
    await t.qemuIo(['-c', 'reopen -o backing=bk', '-c', 'reopen -o backing=xx', '-c', 'read -P 0x11 0 64k', '--image-opts', opts('backing.node-name=bk')], { status: true });
    await t.qemuIo(['-c', 'reopen -o file=proto', '-c', 'info', '--image-opts', opts('file.node-name=proto')], { status: true });
  },
};
export default test;
