// 166: after the silent repair of a dirty lazy-refcounts image, the clusters the repair freed are the first reused.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'snapshot', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'snapshot -c and bitmap --add on a crashed lazy-refcounts image place their clusters where QEMU 7.2 does',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const hostMap = () => t.qemuImg(['map', '-f', 'raw', '--output=json', img], { status: true });
    const crashed = async (): Promise<void> => {
      await createQcow2(t, 'img.qcow2', '1M', 'lazy_refcounts=on');
      const r = await t.io(['write -q 0 64k', 'write -q -c 128k 64k', 'sigraise 9'], { img, capture: true });
      t.echo(`qemu-io killed: exit status ${r.status}`);
    };

    for (const [what, args] of [['snapshot -c', ['snapshot', '-c', 's', img]], ['bitmap --add', ['bitmap', '--add', img, 'b']]] as const) {
      t.banner(`${what} on a crashed image`);
      await crashed();
      await t.qemuImg([...args], { status: true });
      await hostMap();
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
