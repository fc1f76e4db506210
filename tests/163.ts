// 163: refcount width changes keep what the image records (leaks too) and refuse a width too narrow; v2 images with snapshots refuse resizing; check -r on an image with bitmaps and snapshots.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'bitmap', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'amend -o refcount_bits, resize of v2 images with snapshots and check -r with bitmaps behave as in QEMU 7.2',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const check = () => t.qemuImg(['check', img], { status: true });
    const refcountBits = () => t.qemuImg(['info', img], { capture: true }).then((r) => t.echo(r.text.split('\n').filter((l) => l.includes('refcount bits')).join('\n')));

    t.banner('narrowing below a refcount the image holds is refused, naming the first such cluster');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=4k');
    await t.io(['write -P 0x5a 0 64k', 'write -c -P 7 256k 64k'], { img });
    await t.qemuImg(['snapshot', '-c', 's', img]);
    for (const o of ['refcount_bits=1', 'refcount_bits=2', 'compat=1.1,lazy_refcounts=on,refcount_bits=4']) {
      await t.qemuImg(['amend', '-o', o, img], { status: true });
    }
    await refcountBits();
    await check();
    await t.qemuImg(['amend', '-o', 'refcount_bits=8', img], { status: true });
    await refcountBits();
    await check();

    t.banner('widening copies the recorded refcounts: a leaked cluster stays leaked');
    await createQcow2(t, 'img.qcow2', '1M', 'refcount_bits=1');
    await t.io(['write -P 0x5a 0 64k', 'write -P 1 128k 64k'], { img });
    // Guest cluster 2's L2 entry (L2 table at 0x40000) is cleared: its host cluster leaks.
    await t.pokeBE('img.qcow2', 0x40000 + 16, 0n, 8);
    await t.qemuImg(['bitmap', '--add', img, 'bm']);
    await check();
    await t.qemuImg(['amend', '-o', 'refcount_bits=8', img], { status: true });
    await refcountBits();
    await check();
    await t.io(['read -P 0x5a 0 64k'], { img });

    t.banner('a v2 image with snapshots cannot be resized');
    await createQcow2(t, 'img.qcow2', '1M', 'compat=0.10');
    await t.qemuImg(['snapshot', '-c', 's', img]);
    await t.qemuImg(['resize', img, '2M'], { status: true });
    await t.qemuImg(['resize', '--shrink', img, '512k'], { status: true });
    await t.qemuImg(['amend', '-o', 'size=2M', img], { status: true });
    await t.qemuImg(['resize', img, '1000'], { status: true });
    await t.io(['truncate 2M'], { img });

    t.banner('check -r with bitmaps: marking them in use rewrites the header before the check reads the snapshot table');
    for (const repair of ['leaks', 'all']) {
      await createQcow2(t, 'img.qcow2', '1M');
      await t.io(['write -P 0x5a 0 64k', 'write -c -P 7 256k 64k'], { img });
      await t.qemuImg(['snapshot', '-c', 's0', img]);
      await t.qemuImg(['bitmap', '--add', img, 'bm']);
      await t.qemuImg(['check', '-r', repair, img], { status: true });
      await t.qemuImg(['snapshot', '-l', img], { status: true });
      await check();
    }
    t.banner('without bitmaps the snapshots are counted');
    await createQcow2(t, 'img.qcow2', '1M');
    await t.io(['write -P 0x5a 0 64k'], { img });
    await t.qemuImg(['snapshot', '-c', 's0', img]);
    await t.qemuImg(['check', '-r', 'all', img], { status: true });
  },
};
export default test;
