// The native addon (native/fsops.c, built at install by scripts/build-native.mjs): host calls Node lacks, loaded once when first needed.
//
// Decision: Node has no lseek(SEEK_DATA/SEEK_HOLE) and no fallocate(2), and its zlib is Chromium's
// fork (zstd-napi brings its own zstd version), which encode differently from the system zlib and
// libzstd QEMU compresses with. The helper processes
// of protocols/fs-helper.ts can answer the first two, but loading node:child_process and starting
// perl costs ~25 ms of a tool's life; the addon answers in microseconds and compresses through
// the system's libz.so.1 and libzstd.so.1. Where it was not built (no compiler at install),
// callers fall back: helper processes for the file calls, node:zlib and zstd-napi to compress.

import { lazyRequire } from './builtins.ts';

export interface NativeAddon {
  /** [start, end, start, end, ...]: the data ranges of the open file `fd` up to EOF; or the errno. */
  extents(fd: number): number[] | number;
  /** fallocate(2) on `fd`: 0, or the errno. */
  fallocate(fd: number, mode: number, offset: number, length: number): number;
  /**
   * deflate(Z_FINISH) of `src` by the system zlib into at most `destSize` bytes: the stream, null
   * when it does not fit, or a negative status (-100: no libz.so.1 on this host).
   */
  deflate(src: Uint8Array, level: number, windowBits: number, memLevel: number, destSize: number): Buffer | null | number;
  /**
   * A zstd frame of `src` at the default level by the system libzstd (ZSTD_compressStream2 with
   * ZSTD_e_end) in at most `destSize` bytes: the frame, null when it does not fit, or a negative
   * status (-5: zstd failed, -100: no libzstd.so.1 on this host).
   */
  zstdCompress(src: Uint8Array, destSize: number): Buffer | null | number;
  /** util/zero.ts's firstZeroBlock(), or -1 for arguments out of range (absent from addons built before it). */
  firstZeroBlock?(buf: Uint8Array, start: number, end: number, unit: number): number;
}

/** Where the addon is, seen from the bundle in dist/ and from the sources in src/util/. */
const CANDIDATES = ['../build/Release/qemu_fsops.node', '../../build/Release/qemu_fsops.node'];

/**
 * Load-once memo of an immutable fact of the installation (like require's own cache, which holds
 * the addon itself): a missing addon is looked for once per process, not once per call.
 */
const memo: { addon?: NativeAddon | null } = {};

/** The addon, or undefined when it was not built or does not load here. */
export function nativeAddon(): NativeAddon | undefined {
  if (memo.addon === undefined) memo.addon = load() ?? null;
  return memo.addon ?? undefined;
}

function load(): NativeAddon | undefined {
  for (const path of CANDIDATES) {
    try {
      const ops = lazyRequire(path) as Partial<NativeAddon>;
      if (
        typeof ops.extents === 'function' && typeof ops.fallocate === 'function' && typeof ops.deflate === 'function' &&
        typeof ops.zstdCompress === 'function'
      ) {
        return ops as NativeAddon;
      }
    } catch {
      // not there: try the next place
    }
  }
  return undefined;
}
