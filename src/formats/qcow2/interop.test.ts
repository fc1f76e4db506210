// Interop with the real QEMU 7.2 tools: read what they write, and write what they accept (skipped without /usr/bin/qemu-img).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qcow2Driver as drv } from './driver.ts';
import { fsCreateContext, openTestImage } from './testing.ts';
import { haveQemu as have, img, io, ourContent, pattern, realContent as realIn } from './testing-qemu.ts';

const dir = mkdtempSync(join(tmpdir(), 'qcow2-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const realContent = (file: string): Buffer => realIn(dir, file);

describe.skipIf(!have)('reading images QEMU wrote', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['plain', [], ['write -P 0x11 0 4k', 'write -P 0x22 100k 300k', 'write -P 0x33 1020k 4k']],
    ['v2', ['-o', 'compat=0.10'], ['write -P 0x44 60k 10k']],
    ['small clusters', ['-o', 'cluster_size=512,refcount_bits=1'], ['write -P 0x55 0 200k', 'write -z 20k 1k']],
    ['zero and compressed', [], ['write -P 0x66 0 512k', 'write -z 64k 64k', 'write -z -u 192k 64k', 'write -c -P 0x77 640k 128k']],
    ['discarded', [], ['write -P 0x88 0 256k', 'discard 64k 64k']],
  ];
  for (const [name, opts, cmds] of cases) {
    it(name, async () => {
      const f = join(dir, `r-${name.replace(/ /g, '_')}.qcow2`);
      img('create', '-q', '-f', 'qcow2', ...opts, f, '1M');
      io(f, ...cmds);
      expect((await ourContent(f)).equals(realContent(f))).toBe(true);
    });
  }
  it('a backing file shows through unallocated clusters', async () => {
    const base = join(dir, 'base.qcow2');
    const top = join(dir, 'top.qcow2');
    img('create', '-q', '-f', 'qcow2', base, '1M');
    io(base, 'write -P 0x99 0 1M');
    img('create', '-q', '-f', 'qcow2', '-b', base, '-F', 'qcow2', top);
    io(top, 'write -P 0xaa 100k 10k', 'write -z 512k 64k');
    expect((await ourContent(top, { path: base, format: 'qcow2' })).equals(realContent(top))).toBe(true);
  });
});

describe.skipIf(!have)('internal snapshots', () => {
  it('lists, checks and reads images with snapshots qemu-img made, and makes snapshots qemu-img accepts', async () => {
    const f = join(dir, 'snap.qcow2');
    img('create', '-q', '-f', 'qcow2', f, '4M');
    io(f, 'write -P 1 0 1M');
    img('snapshot', '-c', 'one', f);
    io(f, 'write -P 2 512k 1M');
    const t = await openTestImage(f);
    expect((await drv.listSnapshots!(t.node)).map((x) => [x.id, x.name])).toEqual([['1', 'one']]);
    const lines: string[] = [];
    const r = await drv.check!(t.node, 'none', (l) => lines.push(l));
    expect([r.corruptions, r.leaks, lines]).toEqual([0, 0, []]);
    await drv.createSnapshot!(t.node, 'two');
    await drv.write(t.node, 0, pattern(4096, 3), {});
    await drv.applySnapshot!(t.node, 'one');
    await drv.deleteSnapshot!(t.node, 'two');
    await t.close();
    expect(img('check', f)).toContain('No errors were found on the image.');
    expect(img('snapshot', '-l', f)).toContain('one');
    const content = realContent(f);
    expect(content.subarray(0, 1 << 20).every((b) => b === 1)).toBe(true);
    expect(content.subarray(1 << 20).every((b) => b === 0)).toBe(true);
  });
});

describe.skipIf(!have)('writing images QEMU accepts', () => {
  const createCases: Array<[string, Record<string, string>, number]> = [
    ['default', {}, 1 << 20],
    ['v2', { compat: '0.10' }, 1 << 20],
    ['512-byte clusters, 64-bit refcounts, metadata preallocation', { cluster_size: '512', refcount_bits: '64', preallocation: 'metadata' }, 4 << 20],
    ['lazy refcounts', { lazy_refcounts: 'on' }, 3 << 20],
  ];
  for (const [name, opts, size] of createCases) {
    it(`create (${name}) is byte-identical to qemu-img create`, async () => {
      const ours = join(dir, 'c-ours.qcow2');
      const real = join(dir, 'c-real.qcow2');
      const o = Object.entries({ ...opts }).map(([k, v]) => `${k}=${v}`).join(',');
      img('create', '-q', '-f', 'qcow2', ...(o ? ['-o', o] : []), real, String(size));
      await drv.create!(ours, new Map([...Object.entries(opts), ['size', String(size)]]), fsCreateContext());
      expect(readFileSync(ours).equals(readFileSync(real))).toBe(true);
    });
  }

  it('writes pass qemu-img check and compare equal to the same writes in raw', async () => {
    const f = join(dir, 'w.qcow2');
    await drv.create!(f, new Map([['size', String(4 << 20)], ['cluster_size', '4096']]), fsCreateContext());
    const expected = new Uint8Array(4 << 20);
    const t = await openTestImage(f);
    const writes: Array<[number, number, number]> = [[0, 5000, 1], [3000, 100000, 2], [1 << 20, 1 << 20, 3], [(4 << 20) - 700, 700, 4]];
    for (const [off, len, seed] of writes) {
      const data = pattern(len, seed);
      await drv.write(t.node, off, data, {});
      expected.set(data, off);
    }
    await drv.writeZeroes!(t.node, 1 << 20, 8192, {});
    expected.fill(0, 1 << 20, (1 << 20) + 8192);
    await drv.discard!(t.node, 2 << 20, 4096);
    expected.fill(0, 2 << 20, (2 << 20) + 4096);
    await drv.write(t.node, 3 << 20, pattern(8192, 5), { compressed: true });
    expected.set(pattern(8192, 5), 3 << 20);
    await t.close();
    expect(img('check', f)).toContain('No errors were found on the image.');
    expect(realContent(f).equals(Buffer.from(expected))).toBe(true);
  });

  it('grows and shrinks like qemu-img resize', async () => {
    const f = join(dir, 't.qcow2');
    await drv.create!(f, new Map([['size', String(1 << 20)]]), fsCreateContext());
    const t = await openTestImage(f);
    await drv.write(t.node, 0, pattern(65536, 9), {});
    await drv.truncate!(t.node, 3 * 2 ** 30, true, 'off');
    await drv.write(t.node, (3 * 2 ** 30) - 65536, pattern(65536, 8), {});
    await drv.truncate!(t.node, 1 << 20, true, 'off');
    await t.close();
    expect(img('check', f)).toContain('No errors were found on the image.');
    expect(JSON.parse(img('info', '--output=json', f))['virtual-size']).toBe(1 << 20);
  });
});
