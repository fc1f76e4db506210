// 039: write -s: data taken from a host file, at odd offsets, shorter sources, and the errors around it.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';

const test: TestDefinition<TestContext> = {
  groups: ['io', 'rw', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'qemu-io write -s copies bytes from a file into the image exactly, and refuses what QEMU refuses',
  async run(t) {
    await t.makeTestImg('64k');
    const src = t.path('src.txt');
    const big = t.path('big.bin');
    await t.writeFile('src.txt', 'hello, world\n');
    await t.writeFile('big.bin', new Uint8Array(8192).map((_, i) => (i * 7) & 0xff));

    t.banner('a small text file at an odd offset');
    await t.io([`write -s ${src} 100 13`, 'read -v 96 24'], { status: true });

    t.banner('a length beyond the source file (the bytes past its end are unspecified)');
    await t.io([`write -s ${src} 0 14`, `write -s ${src} 20 5`, 'read -v 0 13', 'read -v 20 5'], { status: true });

    t.banner('8 KiB across cluster and sector boundaries');
    await t.io([`write -q -s ${big} 4095 8192`, 'read -v 4095 16', 'read -v 12271 16'], { status: true });
    await t.io([`write -s ${big} 65000 536`, 'read -v 65520 16'], { status: true });
    await t.io([`write -s ${big} 65000 537`], { status: true });

    t.banner('errors');
    await t.io([`write -s ${t.path('missing.txt')} 0 1`], { status: true });
    await t.io([`write -s ${src} -P 1 0 1`, `write -z -s ${src} 0 1`], { status: true });
    await t.io([`aio_write -s ${src} 0 1`, `writev -s ${src} 0 1`], { status: true });
    await t.io([`write -s ${src} 0 1`], { flags: ['-r'], status: true });
    await t.io([`write -s`], { status: true });
  },
};
export default test;
