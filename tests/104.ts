// 104: blkdebug's request limits (align, max-transfer, zero and discard limits) and breakpoints with aio writes in flight.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'aio', 'auto', 'quick'],
  formats: ['raw'],
  purpose: 'blkdebug splits and aligns requests as QEMU does, and break/wait_break/resume/remove_break order concurrent aio writes',
  async run(t) {
    const img = t.path('d.img');
    const q = t.path('q.img');
    const cfg = t.path('empty.conf');
    await t.writeFile('empty.conf', '');
    await t.makeTestImg('1M', { img, fmt: 'raw' });
    const base = `driver=raw,file.driver=blkdebug,file.image.filename=${img}`;
    const io = (opts: string, cmds: string[]) => t.qemuIo(['--image-opts', `${base}${opts}`, ...cmds.flatMap((c) => ['-c', c])], { status: true });
    const fill = () => t.io('write -q -P 5 0 1M', { img, fmt: 'raw' });

    t.banner('limits that cannot be met');
    for (const o of [
      'align=3', 'align=4G', 'align=x', 'align=512,file.max-transfer=1000', 'align=4096,file.max-transfer=1024',
      'align=4096,file.opt-write-zero=1024', 'align=512,file.max-write-zero=1000', 'align=512,file.opt-discard=1024,file.max-discard=1000',
      'align=512,file.max-discard=1000', 'take-child-perms.0=foo',
    ]) {
      t.echo(`--- ${o}`);
      await io(`,file.${o}`, ['read 0 512']);
    }

    t.banner('limits that hold: the same data');
    const rw = ['write -P 1 100 200', 'read -P 1 100 200', 'write -P 2 5000 10000', 'read -v 4090 12', 'write -z 1000 20000', 'read -P 0 1000 20000', 'discard 0 64k', 'read -P 5 64k 4k'];
    for (const o of ['align=4096', 'align=64k', 'max-transfer=4096', 'align=512,file.max-transfer=1024', 'opt-write-zero=4096,file.max-write-zero=8192', 'opt-discard=4096,file.max-discard=8192', 'opt-write-zero=3', 'align=0,file.max-transfer=0']) {
      t.echo(`--- ${o}`);
      await fill();
      await io(`,file.${o}`, rw);
    }

    t.banner('max-transfer splits a write: the pieces before a failing one land');
    const rule = ',file.inject-error.0.event=pwritev,file.inject-error.0.sector=4,file.inject-error.0.once=on';
    for (const o of ['', ',file.max-transfer=1024', ',file.max-transfer=512']) {
      t.echo(`--- max-transfer: ${o === '' ? 'none' : o.split('=')[1]}`);
      await fill();
      await io(`${rule}${o}`, ['write -P 1 0 4096', 'read -v 1016 16', 'read -v 2040 16', 'read -v 3064 16']);
    }

    t.banner('breakpoints');
    await t.makeTestImg('1M', { img: q });
    const bd = `blkdebug:${cfg}:${q}`;
    const fmt = ['-f', t.env.IMGFMT];
    await t.qemuIo([...fmt, '-c', 'break write_aio A', '-c', 'aio_write -P 1 0 512', '-c', 'wait_break A', '-c', 'aio_write -P 2 0 512', '-c', 'read -v 0 4', '-c', 'resume A', '-c', 'aio_flush', '-c', 'read -P 2 0 512', bd], { status: true });
    await t.qemuIo([...fmt, '-c', 'break write_aio A', '-c', 'break write_aio B', '-c', 'aio_write -P 3 0 512', '-c', 'wait_break A', '-c', 'remove_break B', '-c', 'write -P 4 512 512', '-c', 'resume A', '-c', 'aio_flush', '-c', 'read -P 3 0 512', '-c', 'read -P 4 512 512', bd], { status: true });
    await t.qemuIo([...fmt, '-c', 'break pwritev A', '-c', 'aio_write -P 5 0 4k', '-c', 'wait_break A', '-c', 'remove_break A', '-c', 'aio_flush', '-c', 'read -P 5 0 4k', bd], { status: true });
    await t.qemuIo([...fmt, '-c', 'resume C', '-c', 'remove_break C', '-c', 'break foo C', '-c', 'break write_aio D', '-c', 'remove_break D', '-c', 'write -P 6 0 512', bd], { status: true });
    await t.qemuIo([...fmt, '-c', 'break write_aio A', '-c', 'resume A', '-c', 'remove_break A', q], { status: true });
  },
};
export default test;
