// 131: copy-on-read raises cor_write on the node that copies (once per chunk written), its writes raise no pwritev and write no caches through.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { hostOffsetOfGuestZero, printEventCount } from '../common/event-count.ts';

/** blkdebug at the root, over the qcow2 overlay (qemu-io -C copies on the root node). */
const atRoot = (img: string) => (cfg: string) =>
  `json:{"driver":"blkdebug","config":"${cfg}","image":{"driver":"qcow2","file":{"driver":"file","filename":"${img}"}}}`;

const ROOT_READS: Array<[string, string[]]> = [
  ['one cluster', ['read -P 0x77 1M 64k']],
  ['part of a cluster', ['read -P 0x77 1049088 1k']],
  ['a partly allocated range', ['write -P 0x77 1114112 64k', 'read -P 0x77 1M 256k']],
  ['20 MiB (two bounce buffers), zeroes past the base data', ['read 65536 20M']],
  ['the same cluster twice', ['read -P 0x77 1M 64k', 'read -P 0x77 1M 64k']],
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'backing', 'auto'],
  formats: ['qcow2'],
  purpose: 'cor_write fires where QEMU 7.2 raises it (the copying node, once per chunk) and COR writes skip pwritev and cache write-through',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.env.TEST_IMG;
    const base = t.path('base.qcow2');
    const fresh = async (): Promise<number> => {
      await t.makeTestImg('64M', { img: base, quiet: true });
      await t.io('write -q -P 0x77 0 8M', { img: base });
      await t.makeTestImg('64M', { backing: base, backingFmt: 'qcow2', quiet: true });
      await t.io('write -q -P 0x5a 0 512');
      return hostOffsetOfGuestZero(t, img);
    };

    for (const [title, work] of ROOT_READS) {
      t.banner(`-C, blkdebug at the root: ${title}`);
      for (const event of ['cor_write', 'pwritev', 'pwritev_zero', 'flush_to_os']) {
        await fresh();
        await printEventCount(t, event, { flags: ['-C'], work, target: atRoot(img), probeOffset: 0 });
      }
    }

    t.banner('-C, blkdebug under the overlay');
    for (const event of ['cor_write', 'read_backing_aio', 'write_aio', 'cluster_alloc', 'l2_update', 'refblock_update_part', 'pwritev', 'flush_to_os']) {
      const probeOffset = await fresh();
      await printEventCount(t, event, { flags: ['-C'], work: ['read -P 0x77 3M 128k'], probeOffset });
    }

    t.banner('-C, blkdebug at the root: inject-error on cor_write');
    for (const once of ['on', 'off']) {
      await fresh();
      await t.writeFile('cor.conf', `[inject-error]\nevent = "cor_write"\nerrno = "28"\nonce = "${once}"\n`);
      await t.qemuIo(['-C', '-c', 'read -P 0x77 1M 64k', '-c', 'read -P 0x77 1M 64k', '-c', 'read -P 0x77 2M 4k', atRoot(img)(t.path('cor.conf'))], { status: true });
      await t.io('map');
    }
  },
};
export default test;
