// Compressed clusters: raw deflate with a 4 KiB window as QEMU writes them, and reading them back.

import { zlib } from '../../util/builtins.ts';
import { nativeAddon } from '../../util/native-addon.ts';
import { BlockError } from '../../block/errors.ts';
import { COMPRESSION_ZSTD } from './constants.ts';
import { zstdCompress, zstdDecompress } from './zstd.ts';
import { l2, type RawEntry } from './entries.ts';
import type { Qcow2State } from './state.ts';

/** Compress one cluster with the image's method; undefined when it would not get smaller. */
export function compressFor(compressionType: number, data: Uint8Array, clusterSize: number): Uint8Array | undefined {
  return compressionType === COMPRESSION_ZSTD ? zstdCompress(data, clusterSize) : compressCluster(data, clusterSize);
}

/**
 * Deflate one cluster as QEMU does (raw, 4 KiB window, memLevel 9, into a buffer one byte short of
 * a cluster); undefined when the stream does not fit there (write the cluster uncompressed then).
 * The system zlib (through the native addon) writes QEMU's bytes; node:zlib, where the addon is
 * missing, writes an equally valid stream that may differ in length.
 */
export function compressCluster(data: Uint8Array, clusterSize: number): Uint8Array | undefined {
  const r = nativeAddon()?.deflate(data, -1, -12, 9, clusterSize - 1);
  if (r === null) return undefined;
  if (r !== undefined && typeof r !== 'number') return new Uint8Array(r.buffer, r.byteOffset, r.length);
  const z = zlib();
  const out = z.deflateRawSync(data, { level: z.constants.Z_DEFAULT_COMPRESSION, windowBits: 12, memLevel: 9 });
  return out.length < clusterSize - 1 ? new Uint8Array(out.buffer, out.byteOffset, out.length) : undefined;
}

/** Inflate `input` into exactly `clusterSize` bytes, or undefined when the stream is damaged or short. */
export function decompressCluster(input: Uint8Array, clusterSize: number): Uint8Array | undefined {
  try {
    const z = zlib();
    const out = z.inflateRawSync(input, { finishFlush: z.constants.Z_SYNC_FLUSH, maxOutputLength: clusterSize });
    if (out.length < clusterSize) return undefined;
    return new Uint8Array(out.buffer, out.byteOffset, clusterSize);
  } catch (e) {
    // maxOutputLength overflow means more data than a cluster: QEMU takes the first cluster's worth.
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    return undefined;
  }
}

/** Read and inflate the compressed cluster an L2 entry points to (EIO when it cannot be decoded). */
export async function readCompressedCluster(s: Qcow2State, entry: RawEntry): Promise<Uint8Array> {
  const ref = l2.compressedRef(entry, s.geo.clusterBits);
  const length = ref.sectors * 512 - (ref.offset % 512);
  await s.file.event('read_compressed');
  const input = await s.file.read(ref.offset, length);
  const out = s.header.compressionType === COMPRESSION_ZSTD
    ? zstdDecompress(input, s.geo.clusterSize)
    : decompressCluster(input, s.geo.clusterSize);
  if (!out) throw BlockError.io('EIO');
  return out;
}

/** Host bytes a compressed entry holds a reference to (for freeing and for check). */
export function compressedExtent(s: Qcow2State, entry: RawEntry): { offset: number; bytes: number } {
  const ref = l2.compressedRef(entry, s.geo.clusterBits);
  // From the exact offset: a corrupt one past 2^53 is rounded as a number, maybe across a sector.
  const start = Number(ref.offsetExact - (ref.offsetExact % 512n));
  return { offset: start, bytes: ref.sectors * 512 };
}
