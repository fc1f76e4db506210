// 174: qemu-io's command line: long options named with "=value" in glibc's errors, -T file= (the last -T decides, opened after the option checks), memory backends QAPI knows.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-io option errors, trace log files and memory-backend objects match QEMU 7.2',
  async run(t) {
    const img = t.env.TEST_IMG;
    const log = t.path('trace.log');
    await t.makeTestImg('1M');
    const listLog = async () => t.echo((await t.exists('trace.log')) ? 'trace.log exists' : 'no trace.log');

    t.banner('long options: the whole word in the error');
    await t.qemuIo(['--bogus=1', img], { status: true, extraFilters: [(s) => s.replace(/^Usage:[^]*$/m, 'USAGE\n')] });
    await t.qemuIo(['--fo=raw', '-c', 'length', img], { status: true, extraFilters: [(s) => s.replace(/^Usage:[^]*$/m, 'USAGE\n')] });
    await t.qemuIo(['--form=raw', '--cmd=length', img], { status: true });

    t.banner('trace log files');
    await t.qemuIo(['-T', `file=${t.path('nodir/x')}`, '-f', 'raw', '-c', 'length', img], { status: true });
    await t.qemuIo(['-T', 'file=', '-f', 'raw', '-c', 'length', img], { status: true });
    await t.qemuIo(['-T', `file=${t.env.TEST_DIR}`, '-f', 'raw', '-c', 'length', img], { status: true });
    await t.qemuIo(['-T', `file=${t.path('nodir/x')}`, '--image-opts', '-f', 'raw', img], { status: true });
    await t.qemuIo(['-T', `file=${t.path('nodir/x')}`, '-T', 'enable=nothing_*', '-f', 'raw', '-c', 'length', img], { status: true });
    await listLog();
    await t.qemuIo(['-T', `file=${t.path('nodir/x')}`, '-T', `file=${log}`, '-f', 'raw', '-c', 'length', img], { status: true });
    await listLog();

    t.banner('memory backends: QAPI checks their members, then the type is missing');
    for (const o of ['memory-backend-ram,id=m', 'memory-backend-ram,id=m,size=1M', 'memory-backend-file,id=m,size=1M', 'memory-backend-memfd,id=0,size=1M']) {
      await t.qemuIo(['--object', o, '-f', 'raw', '-c', 'length', img], { status: true });
    }
  },
};
export default test;
