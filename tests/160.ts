// 160: qemu-img amend's downgrade to compat=0.10 with zstd and extended L2 images, and with preallocated zero clusters; rebase onto a raw data file image.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';
import { snapshotDateFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'amend -o compat=0.10 refuses what v2 cannot hold with QEMU\'s messages; zero clusters expand to host holes; rebase -u refuses a backing file under data_file_raw',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const info = () =>
      t.qemuImg(['info', img], {
        extraFilters: [(s) => snapshotDateFilter(s.replace(/^disk size: .*\n/gm, ''))],
      });
    const map = () => t.qemuImg(['map', '--output=json', img], { status: true });

    t.banner('zstd without compressed clusters: downgraded to zlib');
    await createQcow2(t, 'img.qcow2', '1M', 'compression_type=zstd');
    await t.io(['write -P 1 0 64k'], { img });
    await t.qemuImg(['amend', '-o', 'compat=0.10', img], { status: true });
    await info();

    t.banner('zstd with a compressed cluster: refused, after the zero clusters were expanded');
    await createQcow2(t, 'img.qcow2', '1M', 'compression_type=zstd');
    await t.io(['write -c -P 7 0 64k', 'write -z 128k 64k'], { img });
    await t.qemuImg(['amend', '-o', 'compat=0.10', img], { status: true });
    await info();
    await map();
    await t.io(['read -P 7 0 64k'], { img });

    t.banner('a compressed cluster only a snapshot holds does not count');
    await createQcow2(t, 'img.qcow2', '1M', 'compression_type=zstd');
    await t.io(['write -c -P 7 0 64k'], { img });
    await t.qemuImg(['snapshot', '-c', 's', img]);
    await t.io(['write -P 8 0 64k'], { img });
    await t.qemuImg(['amend', '-o', 'compat=0.10', img], { status: true });
    await info();

    t.banner('extended L2 with zstd: the message leaves the compression bit out');
    await createQcow2(t, 'img.qcow2', '1M', 'compression_type=zstd,extended_l2=on');
    await t.qemuImg(['amend', '-o', 'compat=0.10', img], { status: true });

    t.banner('a preallocated zero cluster becomes zeroed host space (a hole to the file layer)');
    await createQcow2(t, 'img.qcow2', '2M');
    await t.io(['write -P 1 0 64k', 'write -P 3 192k 64k', 'write -z 192k 64k', 'write -P 5 1M 4k', 'write -P 6 2044k 4k'], { img });
    await map();
    await t.qemuImg(['amend', '-o', 'compat=0.10', img], { status: true });
    await map();
    await t.io(['read -P 0 192k 64k', 'read -P 6 2044k 4k'], { img });
    await t.checkTestImg({ img });

    t.banner('rebase -u onto a backing file is refused when the data file must stay raw');
    await createQcow2(t, 'base.raw', '1M');
    await createQcow2(t, 'img.qcow2', '1M', `data_file=${t.path('img.data')},data_file_raw=on`);
    await t.qemuImg(['rebase', '-u', '-b', t.path('base.raw'), '-F', 'qcow2', img], { status: true });
    await t.qemuImg(['rebase', '-u', '-b', '', img], { status: true });
    await info();
  },
};
export default test;
