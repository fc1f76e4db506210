// 141: the null-co and null-aio protocols: size and read-zeroes options, filenames, info, map and refusals.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['protocol', 'auto', 'quick'],
  formats: ['raw'],
  purpose: 'null-co reads leave qemu-io buffers as they were (0xab) unless read-zeroes=on, writes vanish, and names follow QEMU',
  async run(t) {
    t.requireNoImgOpts();
    t.banner('reads and writes');
    await t.qemuIo(['-c', 'read -v 0 16', '-c', 'length', '-c', 'info', '-c', 'map', 'null-co://'], { status: true });
    await t.qemuIo(['-f', 'raw', '-c', 'write -P 1 0 512', '-c', 'read -P 1 0 512', '-c', 'read -v 0 8', '-c', 'discard 0 512', '-c', 'truncate 1M', 'null-co://'], { status: true });
    await t.qemuIo(['-c', 'read -v 0 16', '-c', 'read -P 0 100 1000', '-c', 'length', '--image-opts', 'driver=null-co,size=4096,read-zeroes=on'], { status: true });
    await t.qemuIo(['-c', 'aio_read 0 512', '-c', 'length', '--image-opts', 'driver=null-aio,size=1k,latency-ns=1000'], { status: true });
    await t.qemuIo(['-c', 'length', 'json:{"driver":"null-co","size":0}'], { status: true });

    t.banner('qemu-img');
    await t.qemuImg(['info', 'null-co://']);
    await t.qemuImg(['info', '--output=json', '-f', 'raw', 'null-co://']);
    for (const o of ['driver=null-co,size=4096', 'driver=null-co,size=4096,read-zeroes=on', 'driver=null-co,latency-ns=5', 'driver=raw,file.driver=null-co']) {
      await t.qemuImg(['info', '--image-opts', o]);
    }
    await t.qemuImg(['info', 'json:{"driver":"raw","file":{"driver":"null-co","size":"4096"}}']);
    await t.qemuImg(['map', '--output=json', '--image-opts', 'driver=null-co,size=1M,read-zeroes=on']);
    await t.qemuImg(['map', '--output=json', '--image-opts', 'driver=null-co,size=1M']);
    await t.qemuImg(['map', 'null-co://']);
    await t.qemuImg(['compare', 'null-co://', 'null-co://'], { status: true });

    t.banner('refusals');
    await t.qemuIo(['-c', 'length', '--image-opts', 'driver=null-co,bogus=1'], { status: true });
    await t.qemuIo(['-c', 'length', '--image-opts', 'driver=null-co,latency-ns=-1'], { status: true });
    await t.qemuIo(['-c', 'read 0 1', '--image-opts', 'driver=null-co,filename=null-co://'], { status: true });
    await t.qemuIo(['-c', 'length', 'null-co://x'], { status: true });
    await t.qemuImg(['create', '-f', 'raw', 'null-co://', '1M'], { status: true });
    await t.qemuImg(['info', '--image-opts', 'driver=qcow2,file.driver=null-co'], { status: true });
    await t.qemuImg(['check', 'null-co://'], { status: true });
  },
};
export default test;
