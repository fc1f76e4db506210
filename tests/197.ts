// 197: compressed clusters carry the bytes QEMU's zlib and zstd write, so compressed images pack (and end) where QEMU's do.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { l2TableOffset, readEntry } from '../common/qcow2.ts';

/** `bytes` of text-like data: runs of eight letters from a fixed-seed generator (compresses to about a third). */
function textLike(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let s = 2024;
  for (let i = 0; i < bytes; i++) {
    if (i % 3 === 0) s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = 0x61 + ((s >>> 27) & 7);
  }
  return out;
}

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'compression', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'convert -c and qemu-io write -c deflate (zlib) and compress (zstd) each cluster to the very bytes QEMU 7.2 writes with the system libraries: the compressed descriptors in the L2 table, the image end and the file length all match',
  async run(t) {
    t.requireNoImgOpts();
    await t.writeFile('text.raw', textLike(256 * 1024));
    for (const type of ['zlib', 'zstd']) {
      t.banner(`convert -c, compression_type=${type}`);
      const img = t.path(`${type}.qcow2`);
      await t.qemuImg(['convert', '-c', '-O', 'qcow2', '-o', `cluster_size=4k,compression_type=${type}`, t.path('text.raw'), img]);
      const l2 = await l2TableOffset(t, `${type}.qcow2`, 0);
      for (const i of [0, 1, 2, 31, 63]) {
        const e = await readEntry(t, `${type}.qcow2`, l2, i);
        t.echo(`L2[${i}] = 0x${e.toString(16)}`);
      }
      await t.qemuImg(['check', img]);
      t.echo(`file length: ${await t.fileSize(`${type}.qcow2`)}`);
      await t.qemuImg(['compare', t.path('text.raw'), img]);

      t.banner(`qemu-io write -c of one cluster, compression_type=${type}`);
      await t.qemuImg(['create', '-q', '-f', 'qcow2', '-o', `cluster_size=64k,compression_type=${type}`, img, '1M']);
      await t.io([`write -q -c -s ${t.path('text.raw')} 64k 64k`], { img });
      const e = await readEntry(t, `${type}.qcow2`, await l2TableOffset(t, `${type}.qcow2`, 0), 1);
      t.echo(`L2[1] = 0x${e.toString(16)}`);
      await t.qemuImg(['check', img]);
      await t.qemuImg(['create', '-q', '-f', 'raw', t.path('ref.raw'), '1M']);
      await t.io([`write -q -s ${t.path('text.raw')} 64k 64k`], { img: t.path('ref.raw'), fmt: 'raw' });
      await t.qemuImg(['compare', t.path('ref.raw'), img]);
    }
  },
};
export default test;
