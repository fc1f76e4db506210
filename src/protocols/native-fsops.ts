// The native helper for the file protocol (native/fsops.c, built at install by scripts/build-native.mjs): SEEK_DATA/SEEK_HOLE and fallocate in-process.
//
// Decision: Node has no lseek(SEEK_DATA/SEEK_HOLE) and no fallocate(2). The helper processes of
// fs-helper.ts answer both, but loading node:child_process and starting perl costs ~25 ms of a
// tool's life, more than the rest of a small convert. The addon answers in microseconds; where it
// was not built (no compiler at install), everything goes through the helper processes as before.

import { lazyRequire } from '../util/builtins.ts';

export interface NativeFsOps {
  /** [start, end, start, end, ...]: the data ranges of the open file `fd` up to EOF; or the errno. */
  extents(fd: number): number[] | number;
  /** fallocate(2) on `fd`: 0, or the errno. */
  fallocate(fd: number, mode: number, offset: number, length: number): number;
}

/** Where the addon is, seen from the bundle in dist/ and from the sources in src/util/. */
const CANDIDATES = ['../build/Release/qemu_fsops.node', '../../build/Release/qemu_fsops.node'];

/** The addon, or undefined when it was not built or does not load here. */
export function loadNativeFsOps(): NativeFsOps | undefined {
  for (const path of CANDIDATES) {
    try {
      const ops = lazyRequire(path) as Partial<NativeFsOps>;
      if (typeof ops.extents === 'function' && typeof ops.fallocate === 'function') return ops as NativeFsOps;
    } catch {
      // not there: try the next place
    }
  }
  return undefined;
}

/** fallocate(2) modes file-posix uses. */
export const FALLOC = { alloc: 0, punch: 0x01 | 0x02, zeroRange: 0x10 } as const;
