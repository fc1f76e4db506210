// zstd cluster compression for compression_type=zstd images, through the system's zstd tool (Node 20's zlib has no zstd).

import { execFileSync } from 'node:child_process';
import { BlockError } from '../../block/errors.ts';

/** The zstd binary; QEMU links libzstd, whose frames the tool writes identically at the same level. */
const ZSTD = 'zstd';
/** QEMU compresses with libzstd's default parameters: level 3, no checksum, content size recorded. */
const LEVEL = '-3';

function run(args: string[], input: Uint8Array): Buffer {
  try {
    return execFileSync(ZSTD, args, { input, maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch (e) {
    const err = e as { code?: string; stdout?: Buffer };
    if (err.code === 'ENOENT') throw BlockError.io('ENOTSUP');
    // Decompressing stops complaining at the sector padding after the frame; the frame's output is complete.
    if (err.stdout) return err.stdout;
    throw BlockError.io('EIO');
  }
}

/** One cluster as a zstd frame, or undefined when it does not get smaller than the cluster. */
export function zstdCompress(data: Uint8Array, clusterSize: number): Uint8Array | undefined {
  const out = run([LEVEL, '--no-check', '-q', '-c', `--stream-size=${data.length}`], data);
  return out.length < clusterSize - 1 ? new Uint8Array(out) : undefined;
}

/** Decode the frame at the start of `input` into exactly `clusterSize` bytes, or undefined. */
export function zstdDecompress(input: Uint8Array, clusterSize: number): Uint8Array | undefined {
  const out = run(['-d', '-q', '-c'], input);
  return out.length >= clusterSize ? new Uint8Array(out.subarray(0, clusterSize)) : undefined;
}
