// 211: metadata preallocation copies the rest of a new cluster (COW) from what the guest reads there, and external data files are sized as QEMU sizes them.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'prealloc', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'preallocation keeps backing data in the partly covered first cluster, COWs the tail of the last one, and grows data files only as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const base = t.path('base.qcow2');
    const data = t.path('data.img');
    const size = async (name: string) => t.echo(`${name}: ${await t.fileSize(name)} bytes`);

    t.banner('growing an overlay with metadata preallocation keeps what its backing file showed in the first cluster');
    await t.makeTestImg('1M', { img: base, quiet: true });
    await t.io('write -q -P 0x55 0 1M', { img: base });
    await t.makeTestImg('512', { backing: base, backingFmt: 'qcow2', quiet: true });
    await t.qemuImg(['resize', '--preallocation=metadata', img, '1M']);
    await t.io(['read -q -P 0x55 0 512', 'read -q -P 0 512 1023k']);
    await t.qemuImg(['map', '--output=json', '-f', 'qcow2', img]);

    t.banner('a new image whose size ends inside a cluster or subcluster: the rest of it is written');
    for (const opts of ['preallocation=metadata', 'preallocation=metadata,extended_l2=on', 'preallocation=metadata,cluster_size=4k']) {
      await t.makeTestImg('5000', { options: opts, quiet: true });
      await size('t.qcow2');
      await t.qemuImg(['map', '--output=json', '-f', 'qcow2', img]);
    }

    t.banner('external data files: created, then grown with and without preallocation');
    for (const raw of ['on', 'off']) {
      for (const mode of [[], ['--preallocation=metadata'], ['--preallocation=falloc']]) {
        await t.remove('data.img');
        await t.makeTestImg('512', { options: `data_file=${data},data_file_raw=${raw}`, quiet: true });
        await size('data.img');
        await t.qemuImg(['resize', ...mode, img, '1536']);
        await size('data.img');
      }
    }
  },
};
export default test;
