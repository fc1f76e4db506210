// 151: clusters freed by snapshot deletion, shrinking and leak repair are discarded in the file (holes), as QEMU's pass-discard-* settings say.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, refcount16Offset } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'discard', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'freed host clusters become holes (host file map as raw) exactly where QEMU punches them',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    // The host file's holes and data, as file-posix reports them.
    const hostMap = () => t.qemuImg(['map', '-f', 'raw', '--output=json', img], { status: true });

    t.banner('snapshot -d discards the clusters only the snapshot held (pass-discard-snapshot defaults on)');
    await createQcow2(t, 'img.qcow2', '4M');
    await t.io(['write -P 1 0 1M'], { img });
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await t.qemuImg(['snapshot', '-c', 's2', img]);
    await t.io(['write -P 2 0 512k'], { img });
    await hostMap();
    await t.qemuImg(['snapshot', '-d', 's1', img]);
    await hostMap();
    // The snapshot table was the file's last, partial cluster: it becomes a hole too.
    await t.qemuImg(['snapshot', '-d', 's2', img]);
    await hostMap();
    await t.qemuImg(['check', img], { status: true });

    t.banner('with pass-discard-snapshot=off the freed clusters keep their bytes');
    await createQcow2(t, 'img.qcow2', '4M');
    await t.io(['write -P 1 0 1M'], { img });
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await t.io(['write -P 2 0 64k'], { img });
    await t.qemuImg(['snapshot', '-d', 's1', '--image-opts', `driver=qcow2,pass-discard-snapshot=off,file.filename=${img}`], { status: true });
    await hostMap();
    await t.io(['read -P 1 0x50000 0x10000'], { img, fmt: 'raw' });

    t.banner('snapshot -a drops the old active tree');
    await createQcow2(t, 'img.qcow2', '4M');
    await t.io(['write -P 1 0 1M'], { img });
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await t.io(['write -P 2 0 1M'], { img });
    await t.qemuImg(['snapshot', '-a', 's1', img]);
    await hostMap();
    // The snapshot's L1 table (at 0x150000) is written back without COPIED: its L2 table is shared now.
    await t.io(['read -v 0x150000 8'], { img, fmt: 'raw' });

    t.banner('resize --shrink discards the data clusters past the new end and cuts the file after the last used cluster');
    await createQcow2(t, 'img.qcow2', '4M');
    await t.io(['write -P 1 2M 1M', 'write -P 3 0 64k', 'write -P 4 3M 64k', 'write -P 5 64k 64k'], { img });
    await t.qemuImg(['resize', '--shrink', img, '1M']);
    await hostMap();
    await t.qemuImg(['check', img], { status: true });

    t.banner('check -r leaks discards a leaked cluster once its refcount is zero');
    await createQcow2(t, 'img.qcow2', '4M');
    await t.io(['write -P 1 0 1M'], { img });
    // Guest cluster 15's L2 entry (L2 table at 0x40000) is cleared: its host cluster leaks.
    await t.pokeBE('img.qcow2', 0x40000 + 15 * 8, 0n, 8);
    await t.qemuImg(['check', '-r', 'leaks', img], { status: true });
    await hostMap();
    t.echo(`refcount of cluster 20 at ${(await refcount16Offset(t, 'img.qcow2', 20)).toString(16)}`);
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
