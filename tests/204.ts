// 204: qemu-io -C with a read-only open or reopen: the top node's own file opens first (its errors win), then copy-on-read is refused before the format driver opens.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { nodeNameFilter } from '../common/filter.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['qcow2', 'raw'],
  purpose: 'copy-on-read with a read-only open or reopen is refused where QEMU refuses it, after protocol errors and before format errors',
  async run(t) {
    t.requireNoImgOpts();
    await t.makeTestImg('1M', { quiet: true });

    t.banner('a missing file: the protocol fails first');
    await t.io(['length'], { img: t.path('nosuch.img'), flags: ['-C', '-r'], status: true });

    t.banner('aio=native without cache.direct: the protocol fails first');
    await t.io(['length'], { flags: ['-C', '-r', '-k'], status: true });
    await t.qemuIo(['-C', '-r', '--image-opts', `driver=${t.env.IMGFMT},file.driver=file,file.filename=${t.env.TEST_IMG},file.aio=native`, '-c', 'length'], { status: true });

    t.banner('with cache.direct the refusal comes');
    await t.io(['length'], { flags: ['-C', '-r', '-k', '-t', 'none'], status: true });

    t.banner('the refusal comes before the format driver checks the image');
    await t.io(['length'], { fmt: t.env.IMGFMT === 'raw' ? 'qcow2' : 'raw', flags: ['-C', '-r'], status: true });
    await t.io(['length'], { fmt: null, flags: ['-r', '-C'], status: true });

    t.banner('a protocol node at the top refuses it before it opens');
    await t.qemuIo(['-C', '-r', '--image-opts', `driver=file,filename=${t.path('nosuch.img')}`, '-c', 'length'], { status: true });

    t.banner('read-write it is accepted, with a temporary overlay too; -s with -r is refused');
    await t.io(['length'], { flags: ['-C'], status: true });
    await t.io(['length'], { flags: ['-s', '-C'], status: true });
    await t.io(['length'], { flags: ['-s', '-C', '-r'], status: true });

    t.banner('reopening read-only with copy-on-read on is refused, after the generic options are read and before the others');
    const reopen = (...cmds: string[]) => t.io([...cmds, 'length'], { flags: ['-C'], status: true, extraFilters: [nodeNameFilter] });
    await reopen('reopen -r');
    await reopen('reopen -o read-only=on');
    await reopen('reopen -w', 'reopen -c none');
    await reopen('reopen -r -o bogus=1');
    await reopen('reopen -r -o detect-zeroes=bogus');
    await reopen('reopen -o read-only=bogus');
    await reopen('write -q 0 512', 'reopen -r -o cache.direct=on');

    t.banner('the open command checks the same way');
    await t.qemuIo(['-c', `open -C -r ${t.path('nosuch.img')}`, '-c', `open -C -r -o driver=${t.env.IMGFMT} ${t.env.TEST_IMG}`, '-c', 'length'], { status: true });
  },
};
export default test;
