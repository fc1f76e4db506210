// The explicit list of block drivers, lookup by name and protocol prefix, and format probing.

import type { BlockDriver } from './driver.ts';
import { BlockError } from './errors.ts';
import { fileDriver } from '../protocols/file.ts';
import { rawDriver } from '../formats/raw.ts';
import { qcow2Driver } from '../formats/qcow2/driver.ts';
import { blkverifyDriver } from '../filters/blkverify.ts';
import { blkdebugDriver } from '../filters/blkdebug.ts';
import { nullAioDriver, nullCoDriver } from '../protocols/null.ts';

/** BLOCK_PROBE_BUF_SIZE: how many leading bytes format probing looks at (QEMU 7.2 reads 512: see strace, and blkverify's probe-time mismatch reports bytes=512). */
export const PROBE_BUF_SIZE = 512;

/** Every driver, formats in the order QEMU registers them (ties in probing go to the first). */
export const DRIVERS: readonly BlockDriver<never>[] = [
  rawDriver as BlockDriver<never>,
  qcow2Driver as BlockDriver<never>,
  fileDriver as BlockDriver<never>,
  blkverifyDriver as BlockDriver<never>,
  blkdebugDriver as BlockDriver<never>,
  nullCoDriver as BlockDriver<never>,
  nullAioDriver as BlockDriver<never>,
];

/** bdrv_find_format(): the driver whose formatName is `name`. */
export function findDriver(name: string): BlockDriver | undefined {
  return DRIVERS.find((d) => d.formatName === name) as BlockDriver | undefined;
}

/** The driver answering to a filename prefix ("file", "blkverify", ...). */
export function findProtocolDriver(prefix: string): BlockDriver | undefined {
  return DRIVERS.find((d) => d.protocolName === prefix) as BlockDriver | undefined;
}

/** path_has_protocol(): the "xxx" of "xxx:rest" when ':' comes before any '/' or '\\'. */
export function protocolPrefix(filename: string): string | undefined {
  const m = /^[^:/\\]*:/.exec(filename);
  return m ? m[0].slice(0, -1) : undefined;
}

/** bdrv_find_protocol(): the prefix's driver (with prefix parsing allowed), else `file`. */
export function findProtocolFor(filename: string, allowPrefix: boolean): BlockDriver {
  const prefix = allowPrefix ? protocolPrefix(filename) : undefined;
  if (prefix === undefined) return fileDriver as BlockDriver;
  const drv = findProtocolDriver(prefix);
  if (!drv) throw new BlockError('ENOENT', `Unknown protocol '${prefix}'`);
  return drv;
}

/** bdrv_probe_all(): the format with the highest probe score (raw always scores 1). */
export function probeFormat(header: Uint8Array, filename: string): BlockDriver {
  let best: BlockDriver = rawDriver as BlockDriver;
  let bestScore = 0;
  for (const d of DRIVERS) {
    if (!d.isFormat || !d.probe) continue;
    const score = d.probe(header, filename);
    if (score > bestScore) {
      best = d as BlockDriver;
      bestScore = score;
    }
  }
  return best;
}
