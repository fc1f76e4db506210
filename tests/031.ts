// 031: a seeded stream of overlapping writes of random sizes, checked against a reference raw file built by the test.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

/** A small deterministic generator (LCG, Numerical Recipes constants), so the golden never changes. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const SIZE = 4 * 1024 * 1024;

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'hundreds of overlapping unaligned writes and zero writes leave exactly the bytes a simple model predicts',
  async run(t) {
    const ref = 'reference.raw';
    await t.makeTestImg(SIZE);
    await t.truncate(ref, SIZE);
    const next = lcg(31);
    const model = new Uint8Array(SIZE);
    const cmds: string[] = [];
    for (let i = 0; i < 300; i++) {
      const len = 1 + (next() % (i % 10 === 0 ? 150000 : 9000));
      const off = next() % (SIZE - len);
      if (i % 7 === 3) {
        cmds.push(`write -q -z ${off} ${len}`);
        model.fill(0, off, off + len);
      } else {
        const p = next() & 0xff;
        cmds.push(`write -q -P ${p} ${off} ${len}`);
        model.fill(p, off, off + len);
      }
    }
    await t.writeFile(ref, model);

    t.banner('300 writes in one qemu-io run');
    await t.io(cmds, { status: true });

    t.banner('the image equals the model');
    await t.qemuImg(['compare', '-f', t.env.IMGFMT, '-F', 'raw', t.env.TEST_IMG, t.path(ref)], { status: 'always' });

    t.banner('the same writes split over several runs');
    await t.makeTestImg(SIZE);
    const half = cmds.length / 2;
    for (let i = 0; i < half; i += 50) await t.io(cmds.slice(i, i + 50), { status: true });
    await t.io(cmds.slice(half), { status: true });
    await t.qemuImg(['compare', '-f', t.env.IMGFMT, '-F', 'raw', t.env.TEST_IMG, t.path(ref)], { status: 'always' });

    t.banner('a copy equals the model too');
    await t.qemuImg(['convert', '-f', t.env.IMGFMT, '-O', t.env.IMGFMT, t.env.TEST_IMG, t.path(`copy.${t.env.IMGFMT}`)], { status: true });
    await t.qemuImg(['compare', '-f', t.env.IMGFMT, '-F', 'raw', t.path(`copy.${t.env.IMGFMT}`), t.path(ref)], { status: 'always' });
  },
};
export default test;
