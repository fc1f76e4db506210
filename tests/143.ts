// 143: error paths of the generic tool layer: creation options, objects, size limits, odd exit statuses.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['img', 'auto', 'quick'],
  formats: ['raw', 'qcow2'],
  purpose: 'QEMU\'s exact refusals for extent_size_hint, repeated --object ids, sizes past the limits; snapshot -a on probed raw',
  async run(t) {
    t.requireNoImgOpts();
    const fmt = t.env.IMGFMT;
    const img = t.env.TEST_IMG;
    const raw = t.path('r.raw');

    t.banner('file options at creation');
    for (const hint of ['4294967295', '4G', '5G']) {
      await t.qemuImg(['create', '-f', fmt, '-o', `extent_size_hint=${hint}`, img, '1M'], { status: true });
    }

    t.banner('--object ids');
    await t.makeTestImg('1M', { quiet: true });
    await t.qemuIo(['--object', 'secret,id=s,data=x', '--object', 'secret,id=s,data=y', '-c', 'length', img], { status: true });
    await t.qemuIo(['--object', 'throttle-group,id=s', '--object', 'secret,id=s,data=x', '-c', 'length', img], { status: true });
    await t.qemuIo(['--object', 'secret,id=a,data=x', '--object', 'secret,id=b,data=x', '-c', 'length', img], { status: true });

    t.banner('sizes past the limits');
    for (const size of ['2P', '2251799813685249', '3P', '9223372036854775807']) {
      await t.qemuImg(['measure', '--size', size, '-O', 'qcow2'], { status: true });
    }
    await t.qemuImg(['measure', '--size', '64P', '-O', 'qcow2', '-o', 'cluster_size=2M'], { status: true });
    await t.qemuImg(['resize', img, '64P'], { status: true });
    await t.qemuImg(['resize', img, '9223372036854775296'], { status: true });

    t.banner('--target-is-zero with a backing file: reported, exit status 0');
    await t.makeTestImg('1M', { img: raw, fmt: 'raw', quiet: true });
    await t.qemuImg(['convert', '-n', '--target-is-zero', '-B', raw, '-O', 'qcow2', img, t.path('x.qcow2')], { status: true });
    await t.qemuImg(['convert', '--target-is-zero', '-B', raw, '-O', 'qcow2', img, t.path('x.qcow2')], { status: true });

    t.banner('snapshot -a on a probed raw image reopens it');
    await t.qemuImg(['snapshot', '-a', 's1', raw], { status: true });
    await t.qemuImg(['snapshot', '-a', 's1', '-f', 'raw', raw], { status: true });
    await t.qemuImg(['snapshot', '-d', 's1', raw], { status: true });
  },
};
export default test;
