// 023: naming an image: plain names with commas, file: prefixes, --image-opts with ,, escapes, json: objects.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'open', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'every way of naming an image opens the same data, and malformed option strings fail exactly',
  async run(t) {
    const fmt = t.env.IMGFMT;
    const comma = t.path(`c,d.${fmt}`);
    const escaped = comma.replace(/,/g, ',,');
    const len = (...args: string[]) => t.qemuIo([...args.slice(0, -1), '-c', 'length', '-c', 'read -P 0x3c 0 512', args[args.length - 1]], { status: true });
    await t.makeTestImg('1M', { img: comma });
    await t.io('write -q -P 0x3c 0 512', { img: comma });

    t.banner('a name with a comma');
    await len('-f', fmt, comma);
    await len('-f', fmt, `file:${comma}`);
    await len('--image-opts', `driver=${fmt},file.filename=${escaped}`);
    await len(`json:{"driver":"${fmt}","file.filename":"${comma}"}`);
    await len(`json:{"driver":"${fmt}","file":{"driver":"file","filename":"${comma}"}}`);
    await len('--image-opts', `driver=${fmt},file.driver=file,file.filename=${escaped},file.locking=off`);
    await len('--image-opts', `driver=${fmt},file.filename=${escaped},driver=${fmt}`);
    await len(`json:{"driver":"${fmt}","file":{"driver":"file","filename":"${comma}"},"node-name":"n0"}`);

    t.banner('an unescaped comma');
    await len('--image-opts', `driver=${fmt},file.filename=${comma}`);

    t.banner('malformed option strings');
    await len('--image-opts', comma);
    await len('--image-opts', `driver=${fmt},,file.filename=${escaped}`);
    await len('--image-opts', `driver=${fmt}`);
    await len('--image-opts', `driver=${fmt},file=${escaped}`);
    await len(`json:{"driver":"${fmt}","file":"${comma}"}`);
    await len('--image-opts', `driver=${fmt},file.filename=${escaped},file.locking=bogus`);
    await len('--image-opts', `driver=${fmt},file.filename=${escaped},file.aio=bogus`);
    await len(`json:{"driver":"${fmt}","file":{"driver":"file","filename":"${comma}"},"node-name":"0bad"}`);
    await len(`json:{"driver":"${fmt}","file":{"driver":"file","filename":"${comma}"},"read-only":"x"}`);

    t.banner('read-only requested in the options');
    await len('--image-opts', `driver=${fmt},read-only=on,file.filename=${escaped}`);
    await len(`json:{"driver":"${fmt}","file":{"driver":"file","filename":"${comma}"},"read-only":true}`);
    await len('-r', '--image-opts', `driver=${fmt},read-only=on,file.filename=${escaped}`);
  },
};
export default test;
