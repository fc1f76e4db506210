// 103: blkdebug configuration by file and by options: QEMU's parse and validation errors, and the rules' effect on requests.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

/** Config files that fail to parse or validate. */
const BAD_CONFIGS = [
  'garbage\n',
  'x = "y"\n',
  '[foo]\nevent = "read_aio"\n',
  '[inject-error\nevent = "read_aio"\n',
  ' [inject-error]\nevent = "read_aio"\n',
  '   \n[inject-error]\nevent = "read_aio"\n',
  '[inject-error]\ngarbage\n',
  '[inject-error]\nevent = read_aio\n',
  '[inject-error]\nevent="read_aio"\n',
  '[inject-error]\nevent = ""\n',
  '[inject-error]\nevent = "foo"\n',
  '[inject-error]\nerrno = "5"\n',
  '[inject-error]\nevent = "read_aio"\noffset = "5"\n',
  '[inject-error]\nevent = "read_aio"\nerrno = "x"\n',
  '[inject-error]\nevent = "read_aio"\nsector = "x"\n',
  '[inject-error]\nevent = "read_aio"\nonce = "x"\n',
  '[inject-error]\nevent = "read_aio"\niotype = "foo"\n',
  '[set-state]\nnew_state = "2"\n',
  '[set-state]\nevent = "read_aio"\nerrno = "5"\n',
];

/** Config files that parse, each run against the same reads and writes. */
const GOOD_CONFIGS = [
  '# a comment\n\n[inject-error]\n# another\nevent = "read_aio"\n',
  '[inject-error "rule1"]\nevent = "read_aio"\nerrno = "28"\n',
  '[inject-error]\n  event   =   "read_aio"  trailing words\nerrno = "0x1c"\n',
  '[inject-error]\nevent = "read_aio"\nevent = "write_aio"\n',
  '[inject-error]\nevent = "read_aio"\nonce = "on"\n',
  '[inject-error]\nevent = "read_aio"\nsector = "1"\n',
  '[inject-error]\nevent = "read_aio"\nimmediately = "on"\n',
  '[inject-error]\nevent = "read_aio"\nerrno = "0"\n',
  '[inject-error]\nevent = "read_aio"\nerrno = "-5"\n',
  '[inject-error]\nevent = "read_aio"\nstate = "2"\n',
  '[set-state]\nevent = "read_aio"\nnew_state = "2"\n[inject-error]\nevent = "read_aio"\nstate = "2"\n',
  '[set-state]\nevent = "write_aio"\nstate = "1"\nnew_state = "2"\n[inject-error]\nevent = "write_aio"\nstate = "2"\nerrno = "28"\n',
  '[inject-error]\nevent = "write_aio"\niotype = "read"\n',
  '[inject-error]\nevent = "write_aio"\niotype = "write"\nonce = "on"\n',
];

const test: TestDefinition<TestContext> = {
  groups: ['blkdebug', 'filter', 'auto', 'quick'],
  formats: ['raw'],
  purpose: 'blkdebug config files and inject-error/set-state options parse and fail as in QEMU, and rules fail exactly the requests QEMU fails',
  async run(t) {
    const img = t.path('d.img');
    const cfg = t.path('blkdebug.conf');
    await t.makeTestImg('1M', { img, fmt: 'raw' });
    const io = (name: string, cmds: string[], pre: string[] = ['-f', 'raw']) =>
      t.qemuIo([...pre, ...cmds.flatMap((c) => ['-c', c]), name], { status: true });
    const rw = ['read 0 512', 'read 512 512', 'write -P 1 1024 512', 'read -P 1 1024 512', 'write -P 2 512 512'];

    t.banner('config files that do not parse');
    for (const text of BAD_CONFIGS) {
      t.echo(`--- ${JSON.stringify(text)}`);
      await t.writeFile('blkdebug.conf', text);
      await io(`blkdebug:${cfg}:${img}`, ['read 0 512']);
    }

    t.banner('rules from config files');
    for (const text of GOOD_CONFIGS) {
      t.echo(`--- ${JSON.stringify(text)}`);
      await t.writeFile('blkdebug.conf', text);
      await io(`blkdebug:${cfg}:${img}`, rw);
    }

    t.banner('missing pieces in the filename');
    for (const name of ['blkdebug:', `blkdebug:${cfg}`, `blkdebug:${t.path('nonexistent.conf')}:${img}`, `blkdebug::${img}`]) {
      await io(name, ['read 0 512']);
    }

    t.banner('rules as options');
    const base = `driver=raw,file.driver=blkdebug,file.image.filename=${img}`;
    for (const o of [
      'file.inject-error.0.event=read_aio,file.inject-error.0.errno=28',
      'file.inject-error.0.event=read_aio,file.inject-error.0.foo=28',
      'file.inject-error.0.errno=28',
      'file.inject-error.1.event=read_aio',
      'file.inject-error.0.event=read_aio,file.inject-error.0.once=on,file.inject-error.1.event=write_aio,file.inject-error.1.errno=28',
      'file.set-state.0.event=read_aio,file.set-state.0.new_state=2,file.inject-error.0.event=read_aio,file.inject-error.0.state=2',
      'file.inject-error.0.event=read_aio,file.inject-error.0.sector=x',
      `file.config=${cfg},file.inject-error.0.event=write_aio`,
      'file.bogus=1',
    ]) {
      t.echo(`--- ${o.replace(cfg, 'TEST_DIR/blkdebug.conf')}`);
      await io(`${base},${o}`, rw, ['--image-opts']);
    }
    await io(`json:{"driver":"raw","file":{"driver":"blkdebug","image":{"driver":"file","filename":"${img}"},"inject-error":[{"event":"read_aio","errno":28,"once":true}]}}`, rw, []);
    await io('--image-opts', ['read 0 512'], ['-c', 'length', '--image-opts', 'driver=raw,file.driver=blkdebug']);

    t.banner('the node names');
    await t.writeFile('blkdebug.conf', '[inject-error]\nevent = "l1_update"\n');
    await t.qemuImg(['info', '-f', 'raw', `blkdebug:${cfg}:${img}`]);
    await t.qemuImg(['info', '-f', 'raw', `blkdebug::${img}`]);
    await t.qemuImg(['info', '--image-opts', `${base},file.inject-error.0.event=l2_load`]);
    await t.qemuImg(['info', '--image-opts', `${base},file.align=4096,file.config=${cfg}`]);
  },
};
export default test;
