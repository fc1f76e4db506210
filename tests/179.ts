// 179: open options that give a name both a value and dotted keys ("overlap-check=none,overlap-check.template=none"): QEMU's options are flat, so both exist; only a child reference with child options is refused.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'qcow2', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'a scalar option beside dotted keys of the same name, through qemu-io open -o and --image-opts, as QEMU 7.2 takes or refuses it',
  async run(t) {
    t.requireNoImgOpts();
    await t.makeTestImg('1M');
    const img = t.env.TEST_IMG;
    const open = (opts: string) => t.qemuIo(['-c', `open -o ${opts} ${img}`, '-c', 'write -q -P 0x33 0 4k', '-c', 'read -q -P 0x33 0 4k'], { status: true });

    t.banner('overlap-check as a mode and as a template: equal values are one setting, different ones conflict');
    await open('overlap-check=none,overlap-check.template=none');
    await open('overlap-check=none,overlap-check.template=all');
    await open('overlap-check.template=constant,overlap-check=cached');
    await open('overlap-check=all,overlap-check.template=all,overlap-check.main-header=on');
    await open('overlap-check=all,overlap-check.l1=off');

    t.banner('dotted keys under an option that takes a value are unknown options');
    await open('lazy-refcounts=on,lazy-refcounts.x=1');
    await open('cache-size=1M,cache-size.x=1');
    await open('foo=1,foo.bar=2');
    await open('driver=qcow2,driver.x=1');
    await open('read-only=off,read-only.x=1');

    t.banner('a child named and given options at once is refused; backing="" is still "none", with its warning');
    await open('file=x,file.filename=foo');
    await open('file.filename=foo,file=x');
    await open('backing=x,backing.x=1');
    await open('backing=,backing.x=1');

    t.banner('the same through --image-opts');
    await t.qemuIo(['--image-opts', '-c', 'read -q -P 0x33 0 4k', `driver=qcow2,file.filename=${img},overlap-check=constant,overlap-check.template=constant`], { status: true });
    await t.qemuIo(['--image-opts', '-c', 'read -q 0 4k', `driver=qcow2,file.filename=${img},overlap-check=none,overlap-check.template=all`], { status: true });
  },
};
export default test;
