// 063: qcow2 compressed clusters: write -c, reading them back, partial overwrites, packing across host clusters, zstd.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'compress', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'compressed clusters written by qemu-io read back intact, survive partial overwrites, and pass check',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const [type, cs] of [['zlib', '512'], ['zlib', '4k'], ['zlib', '64k'], ['zstd', '64k'], ['zstd', '2M']] as const) {
      t.banner(`compression_type=${type} cluster_size=${cs}`);
      await createQcow2(t, 'img.qcow2', '8M', `compression_type=${type},cluster_size=${cs}`);
      const n = { '512': 512, '4k': 4096, '64k': 65536, '2M': 2097152 }[cs];
      await t.io([`write -c -P 0x31 0 ${n}`, `write -c -P 0x32 ${n} ${2 * n}`, `write -c -z ${4 * n} ${n}`], { img, status: true });
      await t.io([`write -c -P 0x33 ${n + 1} ${n}`, `write -c -P 0x34 ${8 * n} 100`], { img, status: true });
      await t.io([`read -P 0x31 0 ${n}`, `read -P 0x32 ${n} ${2 * n}`, `read -P 0 ${4 * n} ${n}`], { img });
      await t.io('map', { img });

      t.banner('partial overwrite of a compressed cluster');
      await t.io([`write -P 0x35 ${n / 2} 16`, `read -P 0x31 0 ${n / 2}`, `read -P 0x35 ${n / 2} 16`, `read -P 0x31 ${n / 2 + 16} ${n / 2 - 16}`], { img });
      await t.qemuImg(['check', img], { status: true });
    }

    t.banner('many compressed clusters packed into shared host clusters');
    await createQcow2(t, 'img.qcow2', '1M', 'cluster_size=512');
    const writes: string[] = [];
    for (let i = 0; i < 64; i++) writes.push(`write -q -c -P ${(i * 7) & 0xff} ${i * 512} 512`);
    await t.io(writes, { img, status: true });
    await t.io(writes.map((w) => w.replace('write -q -c', 'read -q')), { img, status: true });
    await t.qemuImg(['check', img], { status: true });
    await t.qemuImg(['map', '--output=json', img]);
    await t.io(['discard 0 16k', 'read -P 0 0 16k', 'read -q -P 0xe0 16k 512'], { img, status: true });
    await t.qemuImg(['check', img], { status: true });
  },
};
export default test;
