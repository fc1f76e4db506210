// 071: hostile qcow2 headers: offsets outside the image, misaligned, absurd table sizes, bad versions: QEMU's open errors.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, pokeField } from '../common/qcow2.ts';
import type { HeaderField } from '../common/qcow2.ts';

const POKES: [HeaderField, bigint][] = [
  ['l1_table_offset', 0x12345n], ['l1_table_offset', 0xfffffffffffffe00n],
  ['l1_size', 0x10000000n], ['l1_size', 0n], ['l1_size', 0xffffffffn],
  ['refcount_table_offset', 0x12345n], ['refcount_table_offset', 0n],
  ['refcount_table_clusters', 0x1000000n], ['refcount_table_clusters', 0n], ['refcount_table_clusters', 0xffffffffn],
  ['cluster_bits', 8n], ['cluster_bits', 22n], ['cluster_bits', 63n], ['size', 0x8000000000000000n], ['size', 0x200000000000000n],
  ['backing_file_offset', 0x100000n], ['backing_file_size', 2000n], ['crypt_method', 3n], ['crypt_method', 0xff000000n], ['version', 4n], ['version', 0n],
  ['nb_snapshots', 1n], ['nb_snapshots', 100000n], ['snapshots_offset', 0x12345n], ['header_length', 50n], ['header_length', 70000n],
  ['header_length', 0x101n], ['refcount_order', 7n], ['magic', 0x514649fcn],
];

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'corrupt', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'a qcow2 header with impossible values fails to open with QEMU\'s message and no damage',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const [field, value] of POKES) {
      t.banner(`${field} = 0x${value.toString(16)}`);
      await createQcow2(t, 'img.qcow2', '1M', '');
      await t.io('write -q -P 0x17 0 64k', { img });
      await pokeField(t, 'img.qcow2', field, value);
      const before = await t.readFile('img.qcow2');
      await t.io(['read -P 0x17 0 64k'], { img, status: true });
      await t.io(['write -P 0x18 0 4k'], { img, status: true });
      // TZ fixed: the snapshot list prints dates in local time.
      await t.qemuImg(['info', img], { env: { TZ: 'UTC' }, status: true, extraFilters: [(s) => s.replace(/^disk size: .*\n/m, '')] });
      const after = await t.readFile('img.qcow2');
      t.echo(`image ${Buffer.compare(before, after) === 0 ? 'unchanged' : 'changed'}`);
    }
  },
};
export default test;
