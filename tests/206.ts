// 206: qemu-img commit unmaps zeroed ranges in the base, and the clusters that frees are discarded in the base's file (the base is reopened with discard=unmap).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

/** The host offset `qemu-img map --output=json` gives for guest offset `guest` of `img`. */
async function hostOffset(t: TestContext, img: string, guest: number): Promise<number> {
  const r = await t.qemuImg(['map', '--output=json', img], { capture: true });
  const extents = JSON.parse(r.stdout) as Array<{ start: number; length: number; offset?: number }>;
  const e = extents.find((x) => x.start <= guest && guest < x.start + x.length && x.offset !== undefined);
  if (!e) throw new Error(`guest offset ${guest} has no host offset`);
  return e.offset! + (guest - e.start);
}

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'commit', 'backing', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'commit passes the discards of the clusters it frees in the base down to the base file, as QEMU reopening the base does',
  async run(t) {
    t.requireNoImgOpts();
    const base = t.path('base.qcow2');
    const top = t.path('top.qcow2');
    for (const opts of ['cluster_size=64k', 'cluster_size=4k', 'cluster_size=64k,extended_l2=on', 'cluster_size=64k,compat=0.10']) {
      t.banner(opts);
      await createQcow2(t, 'base.qcow2', '1M', opts);
      await t.io(['write -q -P 0xaa 0 256k', 'write -q -P 0xbb 512k 64k'], { img: base, fmt: 'qcow2' });
      const zeroed = await hostOffset(t, base, 64 * 1024);
      const discarded = await hostOffset(t, base, 512 * 1024);
      await t.qemuImg(['create', '-f', 'qcow2', '-b', base, '-F', 'qcow2', top], { capture: true });
      await t.io(['write -q -z 64k 128k', 'discard -q 512k 64k'], { img: top, fmt: 'qcow2' });
      await t.qemuImg(['commit', top], { status: true });
      await t.qemuImg(['map', '--output=json', base]);
      t.echo('the clusters the base freed read as zeroes in its file:');
      await t.qemuIo(['-f', 'raw', '-c', `read -q -P 0 ${zeroed} 128k`, '-c', `read -q -P 0 ${discarded} 64k`, base], { status: true });
      await t.qemuImg(['check', base], { status: true });
    }
  },
};
export default test;
