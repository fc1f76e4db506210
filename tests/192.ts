// 192: writes into preallocated zero clusters keep them in place: the rest of the cluster is zeroed efficiently (or copied), as QEMU 7.2 does.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2 } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'zero', 'alloc', 'blkdebug', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'a write into a run of owned clusters holding preallocated zero ones zeroes the parts outside the write of its first and last zero cluster (holes in the host file, qemu-img map), or copies them where QEMU would',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const map = () => t.qemuImg(['map', '--output=json', img]);
    // Guest clusters 0 and 2 hold data, 1 and 3 are preallocated zero clusters, all four contiguous on the host.
    const make = async (size = '1M'): Promise<void> => {
      await createQcow2(t, 'img.qcow2', size);
      await t.io(['write -q -P 1 0 256k', 'write -q -z 64k 64k', 'write -q -z 192k 64k'], { img });
    };
    const writeAndCheck = async (cmd: string, reads: string[]): Promise<void> => {
      await make();
      await t.io([cmd, ...reads], { img });
      await map();
      await t.qemuImg(['check', img], { status: true });
    };

    t.banner('the layout written on');
    await make();
    await map();

    t.banner('inside one zero cluster');
    await writeAndCheck('write -q -P 2 80k 4k', ['read -q -P 0 64k 16k', 'read -q -P 2 80k 4k', 'read -q -P 0 84k 44k']);

    t.banner('from a data cluster into a zero cluster');
    await writeAndCheck('write -q -P 2 32k 64k', ['read -q -P 1 0 32k', 'read -q -P 2 32k 64k', 'read -q -P 0 96k 32k']);

    t.banner('from a zero cluster over a data cluster into the next zero cluster');
    await writeAndCheck('write -q -P 2 96k 128k', ['read -q -P 0 64k 32k', 'read -q -P 2 96k 128k', 'read -q -P 0 224k 32k']);

    t.banner('from a data cluster into a zero cluster, starting at a cluster boundary');
    await writeAndCheck('write -q -P 2 128k 96k', ['read -q -P 2 128k 96k', 'read -q -P 0 224k 32k']);

    t.banner('a whole zero cluster');
    await writeAndCheck('write -q -P 2 64k 64k', ['read -q -P 2 64k 64k']);

    t.banner('over the run and on into unallocated clusters');
    await writeAndCheck('write -q -P 2 60k 400k', ['read -q -P 1 0 60k', 'read -q -P 2 60k 400k']);

    t.banner('a zero cluster whose host space was only ever zeroed: the write leaves holes around its data');
    await createQcow2(t, 'img.qcow2', '1M');
    // The first write zeroes its new cluster's host space efficiently; the compressed one puts data after it in the file.
    await t.io(['write -q -P 1 72k 8k', 'write -q -z 64k 64k', 'write -q -c -P 7 512k 64k', 'write -q -P 2 80k 4k'], { img });
    await map();
    await t.io(['read -q -P 0 64k 16k', 'read -q -P 2 80k 4k', 'read -q -P 0 84k 44k', 'read -q -P 7 512k 64k'], { img });
    await t.qemuImg(['check', img], { status: true });

    t.banner('the last zero cluster reaches past the end of the disk: its tail is copied');
    await createQcow2(t, 'img.qcow2', '200k');
    await t.io(['write -q -P 1 0 192k', 'write -q -z 192k 8k', 'write -q -P 2 192k 2k', 'read -q -P 2 192k 2k', 'read -q -P 0 194k 6k'], { img });
    await map();
    await t.qemuImg(['check', img], { status: true });

    t.banner('with an external data file, the zeroing happens there (its holes, as a raw image)');
    const data = t.path('img.data');
    for (const opts of ['data_file=img.data', 'data_file=img.data,extended_l2=on']) {
      await createQcow2(t, 'img.qcow2', '1M', opts);
      await t.io(['write -q -P 1 4k 4k', 'write -q -P 1 256k 64k', 'write -q -z 256k 64k', 'write -q -P 2 260k 1k'], { img });
      await t.qemuImg(['map', '-f', 'raw', '--output=json', data]);
      await t.io(['read -q -P 0 0 4k', 'read -q -P 1 4k 4k', 'read -q -P 0 256k 4k', 'read -q -P 2 260k 1k', 'read -q -P 0 261k 59k'], { img });
      await t.qemuImg(['check', img], { status: true });
    }

    t.banner('an error in each step of the write leaves the image consistent');
    for (const event of ['cluster_alloc_space', 'write_aio', 'l2_update']) {
      await make();
      const blkdebug = `json:{"driver":"qcow2","file":{"driver":"blkdebug","inject-error":[{"event":"${event}","once":true}],"image":{"driver":"file","filename":"${img}"}}}`;
      await t.qemuIo(['-c', 'write -P 2 32k 64k', '-c', 'read -P 0 96k 32k', blkdebug], { status: true });
      await t.io(['read -q -P 1 0 32k', 'read -q -P 0 96k 32k'], { img });
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
