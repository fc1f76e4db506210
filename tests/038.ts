// 038: a raw file whose length is not a multiple of 512, made outside QEMU: reads, writes, resize, convert.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'raw', 'auto', 'quick'],
  formats: ['raw'],
  protocols: ['file'],
  purpose: 'the partial last sector reads as zeroes, writes into it grow the file only as far as written',
  async run(t) {
    t.requireNoImgOpts();
    const make = async (name: string) => {
      await t.writeFile(name, new Uint8Array(513).fill(0x11));
      return t.path(name);
    };
    const size = async (name: string) => t.echo(`file size: ${await t.fileSize(name)}`);

    t.banner('reading the tail');
    const f = await make('f.raw');
    await t.io(['length', 'read -v 510 8', 'read -P 0 513 511', 'read -P 0x11 0 513'], { img: f, status: true });
    await size('f.raw');

    t.banner('writing inside the rounded length');
    await t.io(['write -P 0x22 1000 4', 'length'], { img: f, status: true });
    await size('f.raw');
    await t.io(['read -v 992 16'], { img: f });

    t.banner('writing at the very end and past it');
    const g = await make('g.raw');
    await t.io(['write -P 0x22 600 1', 'write -P 0x23 1023 1', 'write -P 0x24 1024 1'], { img: g, status: true });
    await size('g.raw');

    t.banner('aio and zero writes over the tail');
    const h = await make('h.raw');
    await t.io(['aio_write -P 0x22 513 511', 'aio_flush', 'read -P 0x22 513 511'], { img: h, status: true });
    await size('h.raw');
    await t.io(['write -z 0 1024', 'read -P 0 0 1024'], { img: h, status: true });
    await size('h.raw');

    t.banner('resize, convert, compare and truncate');
    const i = await make('i.raw');
    await t.qemuImg(['resize', '-f', 'raw', i, '+0'], { status: true });
    await size('i.raw');
    const j = await make('j.raw');
    await t.qemuImg(['convert', '-f', 'raw', '-O', 'raw', j, t.path('k.raw')], { status: true });
    await size('k.raw');
    await t.qemuImg(['compare', '-f', 'raw', '-F', 'raw', j, t.path('k.raw')], { status: true });
    await t.io(['truncate 700', 'length', 'read -P 0x11 0 513', 'read -P 0 513 511'], { img: j, status: true });
    await size('j.raw');
  },
};
export default test;
