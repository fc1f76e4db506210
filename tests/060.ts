// 060: qcow2 backing chains three deep, relative backing names, create -u and rebase -u.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { infoDiskSizeFilter, makeDir } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'backing names resolve relative to the overlay, chains read through every layer, -u skips the backing file',
  async run(t) {
    t.requireNoImgOpts();
    await makeDir(t, 'd');
    const img = (n: string) => t.path(n);
    const info = (n: string, ...extra: string[]) => t.qemuImg(['info', ...extra, img(n)], { extraFilters: [infoDiskSizeFilter], status: true });

    t.banner('a chain base <- mid <- top in a subdirectory, named relatively');
    await t.qemuImg(['create', '-f', 'qcow2', img('d/base.qcow2'), '4M']);
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', img('d/mid.qcow2')]);
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'mid.qcow2', '-F', 'qcow2', '-o', 'cluster_size=4k', img('d/top.qcow2'), '6M']);
    await t.io(['write -P 0x01 0 4M'], { img: img('d/base.qcow2') });
    await t.io(['write -P 0x02 1M 1M', 'write -z 3M 64k'], { img: img('d/mid.qcow2') });
    await t.io(['write -P 0x03 1536k 4k', 'write -P 0x04 5M 4k'], { img: img('d/top.qcow2') });
    await t.io(['read -P 0x01 0 1M', 'read -P 0x02 1M 512k', 'read -P 0x03 1536k 4k', 'read -P 0x02 1576960 520192',
      'read -P 0x01 2M 1M', 'read -P 0 3M 64k', 'read -P 0x01 3211264 983040', 'read -P 0 4M 1M', 'read -P 0x04 5M 4k'], { img: img('d/top.qcow2') });
    await t.io(['map'], { img: img('d/top.qcow2') });
    await info('d/top.qcow2', '--backing-chain');

    t.banner('the same names from another working directory');
    await t.qemuIo(['-f', 'qcow2', '-c', 'read -P 0x02 1M 4k', 'd/top.qcow2'], { status: true });

    t.banner('a missing backing file');
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'nonexistent.qcow2', '-F', 'qcow2', img('d/orphan.qcow2')], { status: true });
    await t.qemuImg(['create', '-f', 'qcow2', '-u', '-b', 'nonexistent.qcow2', '-F', 'qcow2', img('d/orphan.qcow2')], { status: true });
    await t.qemuImg(['create', '-f', 'qcow2', '-u', '-b', 'nonexistent.qcow2', '-F', 'qcow2', img('d/orphan.qcow2'), '1M'], { status: true });
    await t.io('read 0 512', { img: img('d/orphan.qcow2'), status: true });
    await info('d/orphan.qcow2');
    await t.qemuImg(['create', '-f', 'qcow2', '-b', 'base.qcow2', img('d/nofmt.qcow2')], { status: true });

    t.banner('rebase -u drops a layer: mid is skipped');
    await t.qemuImg(['rebase', '-u', '-b', 'base.qcow2', '-F', 'qcow2', img('d/top.qcow2')], { status: true });
    await t.io(['read -P 0x01 1M 512k', 'read -P 0x03 1536k 4k', 'read -P 0x01 3M 64k'], { img: img('d/top.qcow2') });
    await info('d/top.qcow2');

    t.banner('rebase -u to an absolute name and to nothing');
    await t.qemuImg(['rebase', '-u', '-b', img('d/mid.qcow2'), '-F', 'qcow2', img('d/top.qcow2')], { status: true });
    await t.io(['read -P 0x02 1M 512k'], { img: img('d/top.qcow2') });
    await t.qemuImg(['rebase', '-u', '-b', '', img('d/top.qcow2')], { status: true });
    await t.io(['read -P 0 0 1536k', 'read -P 0x03 1536k 4k'], { img: img('d/top.qcow2') });
    await info('d/top.qcow2', '--backing-chain');
  },
};
export default test;
