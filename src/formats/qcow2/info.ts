// qemu-img info's format-specific part for qcow2 (ImageInfoSpecificQCow2).

import type { QDict } from '../../block/driver.ts';
import { COMPAT_LAZY_REFCOUNTS, INCOMPAT_CORRUPT } from './constants.ts';
import { dataFileIsRaw, hasDataFile } from './data-file.ts';
import type { Qcow2State } from './state.ts';
import { BME_AUTO, BME_IN_USE, type DirEntry } from './bitmap-dir.ts';

/** Qcow2BitmapInfo for each stored bitmap, as the directory says (flags: in-use, auto). */
export function bitmapInfos(entries: readonly DirEntry[]): QDict[] {
  return entries.map((e) => ({
    flags: [...(e.flags & BME_IN_USE ? ['in-use'] : []), ...(e.flags & BME_AUTO ? ['auto'] : [])],
    name: e.name,
    granularity: 2 ** e.granularityBits,
  }));
}

export function qcow2SpecificInfo(s: Qcow2State, bitmaps: readonly DirEntry[] = []): { type: string; data: QDict } {
  const h = s.header;
  const compression = h.compressionType === 1 ? 'zstd' : 'zlib';
  if (h.version < 3) {
    return { type: 'qcow2', data: { compat: '0.10', 'compression-type': compression, 'refcount-bits': s.geo.refcountBits } };
  }
  return {
    type: 'qcow2',
    data: {
      compat: '1.1',
      'compression-type': compression,
      'lazy-refcounts': (h.compatibleFeatures & BigInt(COMPAT_LAZY_REFCOUNTS)) !== 0n,
      ...(bitmaps.length ? { bitmaps: bitmapInfos(bitmaps) } : {}),
      'refcount-bits': s.geo.refcountBits,
      ...(hasDataFile(s) && s.ext.dataFile !== undefined ? { 'data-file': s.ext.dataFile } : {}),
      ...(hasDataFile(s) ? { 'data-file-raw': dataFileIsRaw(s) } : {}),
      corrupt: (h.incompatibleFeatures & BigInt(INCOMPAT_CORRUPT)) !== 0n,
      'extended-l2': s.geo.extendedL2,
    },
  };
}
