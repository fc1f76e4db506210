// Interop with the real QEMU 7.2 tools on extended-L2 images (skipped without /usr/bin/qemu-img).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qcow2Driver as drv } from './driver.ts';
import { fsCreateContext, openTestImage } from './testing.ts';
import { haveQemu as have, img, io, ourContent, pattern, realContent as realIn } from './testing-qemu.ts';

const dir = mkdtempSync(join(tmpdir(), 'qcow2-subclusters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const realContent = (file: string): Buffer => realIn(dir, file);

describe.skipIf(!have)('extended L2 images QEMU wrote read identically through ours', () => {
  for (const cs of ['16k', '64k', '2M']) {
    it(`cluster_size=${cs}, with and without a backing file`, async () => {
      const base = join(dir, `base-${cs}.qcow2`);
      const top = join(dir, `top-${cs}.qcow2`);
      img('create', '-q', '-f', 'qcow2', base, '8M');
      io(base, 'write -P 0x99 0 8M');
      for (const backing of [false, true]) {
        img('create', '-q', '-f', 'qcow2', '-o', `extended_l2=on,cluster_size=${cs}`, ...(backing ? ['-b', base, '-F', 'qcow2'] : []), top, '8M');
        io(top, 'write -P 0x11 1000 3000', 'write -P 0x22 100k 300k', 'write -z 130k 7k', 'write -z -u 2M 2M',
          'write -P 0x33 2100k 1k', 'discard 6M 2M', 'write -c -P 0x44 4M 2M');
        expect((await ourContent(top, backing ? { path: base, format: 'qcow2' } : undefined)).equals(realContent(top))).toBe(true);
      }
    });
  }
});

describe.skipIf(!have)('extended L2 images we write pass qemu-img check and compare', () => {
  for (const cs of ['16384', '65536', '2097152']) {
    it(`cluster_size=${cs}`, async () => {
      const f = join(dir, `w-${cs}.qcow2`);
      const raw = join(dir, `w-${cs}.raw`);
      await drv.create!(f, new Map([['size', String(8 << 20)], ['cluster_size', cs], ['extended_l2', 'on']]), fsCreateContext());
      const expected = new Uint8Array(8 << 20);
      const t = await openTestImage(f);
      for (const [off, len, seed] of [[0, 5000, 1], [3000, 100000, 2], [1 << 20, 1 << 20, 3], [(8 << 20) - 700, 700, 4]]) {
        const data = pattern(len, seed);
        await drv.write(t.node, off, data, {});
        expected.set(data, off);
      }
      await drv.writeZeroes!(t.node, (1 << 20) + 512, 8192, {});
      expected.fill(0, (1 << 20) + 512, (1 << 20) + 512 + 8192);
      await drv.writeZeroes!(t.node, 3000, 70000, { mayUnmap: true });
      expected.fill(0, 3000, 73000);
      await drv.discard!(t.node, 0, 4 << 20);
      expected.fill(0, 0, 4 << 20);
      await drv.write(t.node, 4 << 20, pattern(2 << 20, 6), { compressed: true });
      expected.set(pattern(2 << 20, 6), 4 << 20);
      await drv.write(t.node, (4 << 20) + 100, pattern(10, 7), {});
      expected.set(pattern(10, 7), (4 << 20) + 100);
      await t.close();
      writeFileSync(raw, expected);
      expect(img('check', f)).toContain('No errors were found on the image.');
      expect(img('compare', '-f', 'qcow2', '-F', 'raw', f, raw)).toContain('Images are identical.');
      expect(JSON.parse(img('info', '--output=json', f))['format-specific'].data['extended-l2']).toBe(true);
    });
  }
});
