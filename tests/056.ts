// 056: partial-cluster writes in qcow2: copy-on-write of the untouched parts, at four cluster sizes.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'cow', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'writes smaller than a cluster keep the rest of the cluster (zero or old data) intact',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    for (const [cs, n] of [['512', 512], ['4k', 4096], ['64k', 65536], ['2M', 2097152]] as const) {
      t.banner(`cluster_size=${cs}: sub-cluster writes into fresh clusters`);
      await createQcow2(t, 'img.qcow2', '8M', `cluster_size=${cs}`);
      const q = n / 4;
      await t.io([`write -P 0x01 ${q} 1`, `write -P 0x02 ${n + 1} ${q}`, `write -P 0x03 ${3 * n - 7} 14`], { img });
      await t.io([`read -P 0 0 ${q}`, `read -P 0x01 ${q} 1`, `read -P 0 ${q + 1} ${n - q}`, `read -P 0x02 ${n + 1} ${q}`,
        `read -P 0 ${n + 1 + q} ${n - 1 - q}`, `read -P 0 ${2 * n} ${n - 7}`, `read -P 0x03 ${3 * n - 7} 14`, `read -P 0 ${3 * n + 7} ${n - 7}`], { img });
      await t.io('map', { img });

      t.banner(`cluster_size=${cs}: sub-cluster writes over written clusters`);
      await t.io([`write -P 0xaa 0 ${4 * n}`, `write -P 0xbb ${n / 2} ${n}`, `write -P 0xcc ${3 * n + 100} 100`], { img });
      await t.io([`read -P 0xaa 0 ${n / 2}`, `read -P 0xbb ${n / 2} ${n}`, `read -P 0xaa ${n + n / 2} ${n + n / 2 + 100}`,
        `read -P 0xcc ${3 * n + 100} 100`, `read -P 0xaa ${3 * n + 200} ${n - 200}`, `read -v ${n / 2 - 8} 16`], { img });
      await t.io(['map', `alloc 0 ${4 * n}`, `alloc ${4 * n} ${n}`], { img });
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
