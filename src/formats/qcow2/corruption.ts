// Reporting metadata corruption as QEMU does: mark the image corrupt (when writable) and fail the request with EIO.

import { BlockError } from '../../block/errors.ts';
import { INCOMPAT_CORRUPT } from './constants.ts';
import type { Qcow2State } from './state.ts';
import { writeHeader } from './meta.ts';

/** C's "%#x" / "%#lx": 0x-prefixed hex, but plain "0" for zero. */
export function hexAlt(n: number): string {
  return n === 0 ? '0' : `0x${n.toString(16)}`;
}

/**
 * qcow2_signal_corruption: on a writable image the event is fatal: print "qcow2: Marking image
 * as corrupt: MSG; ...", set the corrupt bit on disk (rewriting the header cluster, as
 * qcow2_mark_corrupt does) and make the node unusable (later requests
 * fail with ENOMEDIUM). Read-only, it prints "qcow2: Image is corrupt: MSG; ..." once. Either
 * way the current request fails with the returned EIO.
 */
export async function signalCorruption(s: Qcow2State, msg: string): Promise<BlockError> {
  const fatal = !s.readOnly;
  if (!s.corruptionSignaled || (fatal && !s.corrupt)) {
    s.report(
      fatal
        ? `qcow2: Marking image as corrupt: ${msg}; further corruption events will be suppressed`
        : `qcow2: Image is corrupt: ${msg}; further non-fatal corruption events will be suppressed`,
    );
  }
  s.corruptionSignaled = true;
  if (fatal) {
    s.dead = true;
    if (!s.corrupt) {
      s.corrupt = true;
      s.header.incompatibleFeatures |= BigInt(INCOMPAT_CORRUPT);
      try {
        // qcow2_mark_corrupt() rewrites the whole header cluster from what is in memory.
        await writeHeader(s);
        await s.file.flush();
      } catch {
        // The request fails with EIO either way.
      }
    }
  }
  return BlockError.io('EIO');
}
