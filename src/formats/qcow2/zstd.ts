// zstd cluster compression for compression_type=zstd images, through libzstd (the zstd-napi binding; Node 20's zlib has none).

import { BlockError } from '../../block/errors.ts';
import { lazyRequire } from '../../util/builtins.ts';
import { nativeAddon } from '../../util/native-addon.ts';

/** The parts of zstd-napi's low-level binding used here (its own typings live in zstd-napi/binding.d.ts). */
interface ZstdBinding {
  compress(dst: Uint8Array, src: Uint8Array, level: number): number;
  compressBound(srcSize: number): number;
  DCtx: new () => { decompressStream(dst: Uint8Array, src: Uint8Array): [number, number, number] };
}

/** QEMU compresses with libzstd's defaults: level 3, no checksum, content size recorded (what ZSTD_compress writes). */
const LEVEL = 3;

/**
 * The native binding, loaded on first use (Node's require cache keeps it); ENOTSUP when it is not installed or not
 * built, so only zstd images pay for it and a missing library fails like an unsupported compression type.
 */
function binding(): ZstdBinding {
  try {
    return lazyRequire('zstd-napi/binding') as ZstdBinding;
  } catch {
    throw new BlockError('ENOTSUP', 'zstd compression is unavailable: the zstd-napi module is not installed or not built');
  }
}

/**
 * One cluster as a zstd frame, or undefined when it does not fit in a cluster less one byte. The
 * system libzstd (through the native addon, streamed as QEMU does) writes QEMU's bytes; zstd-napi's
 * own copy of zstd, where the addon or the library is missing, an equally valid frame.
 */
export function zstdCompress(data: Uint8Array, clusterSize: number): Uint8Array | undefined {
  const r = nativeAddon()?.zstdCompress(data, clusterSize - 1);
  if (r === null) return undefined;
  if (r === -5) throw BlockError.io('EIO');
  if (r !== undefined && typeof r !== 'number') return new Uint8Array(r.buffer, r.byteOffset, r.length);
  const z = binding();
  const out = new Uint8Array(z.compressBound(data.length));
  let n: number;
  try {
    n = z.compress(out, data, LEVEL);
  } catch {
    throw BlockError.io('EIO');
  }
  return n < clusterSize - 1 ? out.slice(0, n) : undefined;
}

/**
 * Decode `input` (a frame, then sector padding) into exactly `clusterSize` bytes, as QEMU streams it: decoding stops
 * when the cluster is full; undefined when the data is damaged, stops short, or the frame holds more than a cluster.
 */
export function zstdDecompress(input: Uint8Array, clusterSize: number): Uint8Array | undefined {
  const dctx = new (binding().DCtx)();
  const out = new Uint8Array(clusterSize);
  let produced = 0;
  let consumed = 0;
  let ret = 0;
  while (produced < clusterSize) {
    let r: [number, number, number];
    try {
      r = dctx.decompressStream(out.subarray(produced), input.subarray(consumed));
    } catch {
      return undefined;
    }
    if (r[1] === 0 && r[2] === 0) return undefined;
    [ret] = r;
    produced += r[1];
    consumed += r[2];
  }
  return ret > 0 ? undefined : out;
}
