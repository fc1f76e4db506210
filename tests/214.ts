// 214: metadata preallocation of a range whose first cluster is not plainly ours: zero, compressed, shared with a snapshot, or a subcluster image's cluster at the end.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'prealloc', 'snapshot', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'growing with metadata preallocation gives zero, compressed and snapshot-shared clusters new ones with their data copied, and sizes the file to a kept cluster, as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const show = async () => {
      await t.qemuImg(['map', '--output=json', '-f', 'qcow2', img]);
      await t.qemuImg(['check', img]);
      await t.echo(`file: ${await t.fileSize('t.qcow2')} bytes`);
    };

    const cases: Array<[string, string, string[]]> = [
      ['a zero cluster (no host cluster) ends the image', '', ['write -q -z 64k 36k']],
      ['an unmapped zero cluster ends the image', '', ['write -q -z -u 64k 36k']],
      ['a compressed cluster ends the image', '', ['write -q -c -P 0x77 64k 36k']],
      ['a data cluster ends the image', '', ['write -q -P 0x77 64k 36k']],
    ];
    for (const [what, opts, ops] of cases) {
      t.banner(`${what}: truncate -m metadata 1M`);
      await t.makeTestImg('100k', { options: opts || undefined, quiet: true });
      await t.io(ops);
      await t.io('truncate -m metadata 1M');
      await t.io(['read -q -P 0 0 64k', `read -q -P ${ops[0]!.includes('-P') ? '0x77' : '0'} 64k 36k`, 'read -q -P 0 100k 924k']);
      await show();
    }

    t.banner('a cluster shared with a snapshot ends the image: it is copied, the snapshot keeps the old one');
    await t.makeTestImg('100k', { quiet: true });
    await t.io('write -q -P 0x66 64k 36k');
    await t.qemuImg(['snapshot', '-c', 's1', img]);
    await t.io('truncate -m metadata 1M');
    await t.io(['read -q -P 0x66 64k 36k', 'read -q -P 0 100k 924k']);
    await show();

    t.banner('subclusters: the file reaches the end of a kept 2 MiB cluster');
    await t.makeTestImg('64k', { options: 'cluster_size=2M,extended_l2=on', quiet: true });
    await t.io('write -q -P 5 32k 16k');
    await t.echo(`file: ${await t.fileSize('t.qcow2')} bytes`);
    await t.io('truncate -m metadata 2M');
    await t.io(['read -q -P 5 32k 16k', 'read -q -P 0 64k 1984k']);
    await show();
  },
};
export default test;
