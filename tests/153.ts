// 153: blkdebug refuses empty inject-error / set-state lists in json: options as QEMU does (the empty list is an unused option).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'blkdebug', 'auto', 'quick'],
  formats: ['raw', 'qcow2'],
  purpose: "empty rule lists for blkdebug give QEMU's \"doesn't support the option\" error",
  async run(t) {
    await t.makeTestImg('1M');
    const img = t.env.TEST_IMG;
    const json = (extra: string) =>
      `json:{"driver":"${t.env.IMGFMT}","file":{"driver":"blkdebug",${extra}"image":{"driver":"file","filename":"${img}"}}}`;
    for (const extra of ['"set-state":[],', '"inject-error":[],', '"inject-error":[],"set-state":[],', '"set-state":{},', '"set-state":[{}],', '"set-state":[{"event":"read_aio","new_state":2}],']) {
      t.banner(`blkdebug with ${extra.slice(0, -1)}`);
      t.showStatus(await t.qemuIo(['-c', 'read 0 512', json(extra)]));
    }
  },
};
export default test;
