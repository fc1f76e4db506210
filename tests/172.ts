// 172: qemu-io --object checks before any image is opened: ids, member checks, types QAPI knows but the build lacks, secret keys, IVs and base64; -T events= with odd file names.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const KEY = 'secret,id=k,data=0123456789abcdef0123456789abcdef';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'qemu-io --object and -T events= refusals match QEMU 7.2 word for word',
  async run(t) {
    const img = t.env.TEST_IMG;
    await t.makeTestImg('1M');
    const obj = (...defs: string[]) => t.qemuIo([...defs.flatMap((d) => ['--object', d]), '-f', 'raw', '-c', 'length', img], { status: true });

    t.banner('option string and id');
    for (const d of [',id=s', ',', 'secret,id=,data=x', 'secret,id=_a,data=x', 'secret,id=0x', 'secret,id=a-b.c_d,data=x', 'secret,data=x']) await obj(d);

    t.banner('types QAPI knows that this build does not have, and member checks');
    for (const d of ['iothread', 'iothread,id=0x', 'iothread,id=i', 'rng-random,id=r', 'iothread,help', 'main-loop,id=m', 'authz-simple,id=0',
      'pr-manager-helper,id=p', 'throttle-group,id=t,bogus=1', 'throttle-group,id=t,limits.bogus=3', 'throttle-group,id=t,x-iops-total=5,limits.iops-total=3', 'throttle-group,help']) {
      await obj(d);
    }

    t.banner('secrets: format, base64, keys and IVs');
    await obj('secret,id=s,data=x,format=bogus');
    await obj('secret,id=s,data=!!,format=base64');
    await obj('secret,id=s,data=eA==,format=base64');
    await obj('secret,id=s,data=x,keyid=k');
    await obj('secret,id=k,data=x', 'secret,id=s,data=x,keyid=k');
    await obj(KEY, 'secret,id=s,data=x,keyid=k');
    await obj(KEY, 'secret,id=s,data=x,keyid=k,iv=!!');
    await obj(KEY, 'secret,id=s,data=x,keyid=k,iv=eA==');
    await obj(KEY, 'secret,id=s,data=eA==,keyid=k,iv=MDEyMzQ1Njc4OWFiY2RlZg==');

    t.banner('-T events= naming nothing or a directory');
    await t.qemuIo(['-T', 'events=', '-f', 'raw', '-c', 'read 0 1', img], { status: true });
    await t.qemuIo(['-T', `events=${t.env.TEST_DIR}`, '-f', 'raw', '-c', 'read -q 0 1', img], { status: true });
  },
};
export default test;
