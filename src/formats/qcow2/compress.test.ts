// Deflated clusters: what fits and what does not, round trips, and (with the native addon) QEMU's exact bytes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compressCluster, decompressCluster } from './compress.ts';
import { nativeAddon } from '../../util/native-addon.ts';
import { haveQemu, img } from './testing-qemu.ts';
import { main } from '../../tools/qemu-img/main.ts';
import { captureIO } from '../../tools/qemu-img/test-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'qcow2-compress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text-like bytes: runs of a few values, as in bench/qcow2's compressible image. */
function textLike(len: number, seed: number): Uint8Array {
  const out = new Uint8Array(len);
  let s = seed;
  for (let i = 0; i < len; i++) {
    if (i % 4 === 0) s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = 0x41 + ((s >>> 28) & 7);
  }
  return out;
}

/** Bytes deflate cannot shrink. */
function noise(len: number, seed: number): Uint8Array {
  const out = new Uint8Array(len);
  let s = seed;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('compressCluster', () => {
  it('round-trips through decompressCluster', () => {
    for (const cs of [512, 4096, 65536, 2 * 1024 * 1024]) {
      const data = textLike(cs, cs);
      const packed = compressCluster(data, cs)!;
      expect(packed.length).toBeLessThan(cs - 1);
      expect(Buffer.from(decompressCluster(packed, cs)!).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('gives up on data that does not fit in a cluster less one byte', () => {
    expect(compressCluster(noise(65536, 1), 65536)).toBeUndefined();
    // A stream exactly cluster_size - 1 bytes long does not fit either (deflate needs room to end it).
    const addon = nativeAddon();
    if (!addon) return;
    const found: number[] = [];
    for (let k = 380; k <= 512; k++) {
      const data = new Uint8Array(512);
      data.set(noise(k, 7));
      const full = addon.deflate(data, -1, -12, 9, 4096) as Buffer;
      if (full.length === 510 || full.length === 511) found.push(full.length);
      if (full.length === 511) expect(compressCluster(data, 512)).toBeUndefined();
      if (full.length === 510) expect(compressCluster(data, 512)?.length).toBe(510);
    }
    expect(found).toContain(511);
  });
});

describe.skipIf(!haveQemu || !nativeAddon())('with the system zlib', () => {
  it('convert -c writes the image qemu-img convert -c writes, byte for byte', async () => {
    const raw = join(dir, 'src.raw');
    const data = new Uint8Array(1024 * 1024);
    data.set(textLike(512 * 1024, 3));
    data.set(noise(64 * 1024, 5), 640 * 1024);
    writeFileSync(raw, data);
    for (const cs of ['512', '64k', '2M']) {
      const real = join(dir, `real-${cs}.qcow2`);
      const ours = join(dir, `ours-${cs}.qcow2`);
      img('convert', '-c', '-O', 'qcow2', '-o', `cluster_size=${cs}`, raw, real);
      const io = captureIO(dir);
      expect(await main(['convert', '-c', '-O', 'qcow2', '-o', `cluster_size=${cs}`, raw, ours], io)).toBe(0);
      expect(readFileSync(ours).equals(readFileSync(real))).toBe(true);
    }
  });
});
