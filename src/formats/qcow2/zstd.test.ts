// Unit tests of zstd cluster compression: round trips, sector padding, and what must read as EIO.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { zstdCompress, zstdDecompress } from './zstd.ts';

const CS = 65536;

function textCluster(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = 'qcow2 zstd cluster '.charCodeAt(i % 19) ^ (i >> 12);
  return out;
}

/** The frame followed by zeroes up to the next 512-byte sector, as it sits in an image. */
function padded(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((frame.length + 1) / 512) * 512);
  out.set(frame);
  return out;
}

describe('zstd clusters', () => {
  it('round-trips a compressible cluster through its sector padding', () => {
    const data = textCluster(CS);
    const frame = zstdCompress(data, CS)!;
    expect(frame.length).toBeLessThan(CS - 1);
    expect([...frame.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    expect(Buffer.from(zstdDecompress(padded(frame), CS)!).equals(Buffer.from(data))).toBe(true);
  });
  it('leaves incompressible data uncompressed', () => {
    const data = new Uint8Array(randomBytes(CS));
    expect(zstdCompress(data, CS)).toBeUndefined();
  });
  it('refuses frames that hold less or more than a cluster, and garbage', () => {
    const frame = zstdCompress(textCluster(CS), CS)!;
    expect(zstdDecompress(padded(frame), CS * 2)).toBeUndefined();
    expect(zstdDecompress(padded(frame), CS / 2)).toBeUndefined();
    expect(zstdDecompress(frame.subarray(0, frame.length >> 1), CS)).toBeUndefined();
    expect(zstdDecompress(new Uint8Array(512).fill(0x5a), CS)).toBeUndefined();
  });
});
