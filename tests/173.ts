// 173: qcow2 runtime options at open and reopen (cache sizes, lazy refcounts, overlap-check groups, encrypt.*), backing options without a backing file, and a corrupt image reopened read-write.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeField } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'qcow2', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'qcow2 option checks on open, --image-opts and reopen, and what a reopen allows, match QEMU 7.2',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const v2 = t.path('v2.qcow2');
    await createQcow2(t, 'img.qcow2', '1M');
    await createQcow2(t, 'v2.qcow2', '1M', 'compat=0.10');
    await t.io(['write -q -P 0x5a 0 64k'], { img });

    t.banner('reopen checks what open checks');
    for (const o of ['l2-cache-entry-size=3000', 'l2-cache-entry-size=128k', 'cache-size=1M,l2-cache-size=512k,refcount-cache-size=512k', 'cache-size=1M,l2-cache-size=2M',
      'cache-clean-interval=4294967296', 'encrypt.format=aes', 'encrypt.format=luks,encrypt.key-secret=x', 'encrypt.key-secret=s', 'overlap-check=none,overlap-check.template=all',
      'overlap-check=all,overlap-check.template=all']) {
      await t.io([`reopen -o ${o}`, 'read -q -P 0x5a 0 64k'], { img, status: true });
    }
    await t.io(['reopen -o lazy-refcounts=on', 'reopen -o lazy-refcounts=off'], { img: v2, status: true });

    t.banner('overlap-check as a group');
    for (const o of ['overlap-check.template=bogus', 'overlap-check.template=on', 'overlap-check.main-header=bogus', 'overlap-check.bogus=on',
      'overlap-check.template=all,overlap-check.main-header=off', 'overlap-check.active-l2=on,overlap-check.inactive-l1=bogus']) {
      await t.qemuIo(['-c', `open -o ${o} ${img}`, '-c', 'read -q -P 0x5a 0 64k'], { status: true });
      await t.qemuIo(['--image-opts', '-c', 'read -q -P 0x5a 0 64k', `driver=qcow2,file.filename=${img},${o}`], { status: true });
      await t.io([`reopen -o ${o}`, 'read -q -P 0x5a 0 64k'], { img, status: true });
    }

    t.banner('options that cannot nest');
    await t.qemuIo(['--image-opts', '-c', 'length', `driver=qcow2,file.filename=${img},file=x`], { status: true });
    await t.qemuIo(['-c', `open -o file=x,file.filename=${img}`], { status: true });
    await t.io([`open -o file=x,file.filename=${img} ${img}`, `reopen -o file=x,file.filename=${img}`, 'reopen -c none -o cache.direct=on'], { img, status: true });

    t.banner('backing options on an image without a backing file');
    for (const o of ['backing.driver=raw', 'backing.node-name=x', 'backing.driver=file', 'backing.read-only=on', 'backing=']) {
      await t.qemuIo(['-c', `open -o ${o} ${img}`, '-c', 'read -q -P 0x5a 0 64k'], { status: true });
    }

    t.banner('a corrupt image can be reopened read-write');
    await t.io(['write -q -P 0x5a 0 64k'], { img });
    await pokeField(t, 'img.qcow2', 'incompatible_features', 2);
    await t.io(['write 0 1'], { img, status: true });
    await t.io(['reopen -w', 'write -P 3 0 1', 'read -v 0 2', 'reopen -r', 'reopen -w', 'write -q -P 4 64k 1', 'map', 'info'], { img, flags: ['-r'], status: true });
  },
};
export default test;
