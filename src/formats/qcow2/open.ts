// Opening a qcow2 image: read and validate the header, extensions, backing name, L1 and refcount tables into a state.

import { checkMetadataWrite } from './overlap.ts';
import { BlockError } from '../../block/errors.ts';
import { COMPAT_LAZY_REFCOUNTS, LIMITS, V2_HEADER_SIZE, V3_HEADER_SIZE } from './constants.ts';
import { TableCache } from './cache.ts';
import { cacheTables, type CacheSizeOptions } from './cache-sizes.ts';
import { decodeExtensions, ExtensionDecodeError, type HeaderExtensions } from './extensions.ts';
import { makeGeometry } from './geometry.ts';
import { loadSnapshots } from './snapshots.ts';
import type { SnapshotEntry } from './snapshot-table.ts';
import { decodeHeader, type Qcow2Header } from './header.ts';
import type { HostFile } from './host-file.ts';
import type { Qcow2State } from './state.ts';
import { AsyncMutex } from '../../block/mutex.ts';
import { hasExtendedL2, validateBasics, validateFeatures, validateSnapshotTable, validateTables } from './validate.ts';

export interface LoadOptions {
  readOnly: boolean;
  /** Opened by qemu-img check (BDRV_O_CHECK): a corrupt image may be opened read-write to repair it. */
  check?: boolean;
  report: (line: string) => void;
  passDiscardRequest: boolean;
  /** pass-discard-snapshot (default on) and pass-discard-other (default off). */
  passDiscardSnapshot?: boolean;
  passDiscardOther?: boolean;
  /** The lazy-refcounts runtime option, when given; else the image's compatible bit decides. */
  lazyRefcounts?: boolean;
  /** The cache-size options (sizes of the metadata caches). */
  cache?: CacheSizeOptions;
}

function readExtensions(h: Qcow2Header, first: Uint8Array): HeaderExtensions {
  const cs = 2 ** h.clusterBits;
  const start = h.version >= 3 ? h.headerLength : V2_HEADER_SIZE;
  const end = h.backingFileOffset ? h.backingFileOffset : cs;
  if (start >= end) return { opaque: [] };
  try {
    return decodeExtensions(first.subarray(start, end));
  } catch (e) {
    if (e instanceof ExtensionDecodeError) {
      if (e.kind === 'bitmaps-length') throw new BlockError('EINVAL', 'bitmaps_ext: Invalid extension length');
      if (e.kind === 'backing-format-too-long') {
        throw new BlockError('EINVAL', `ERROR: ext_backing_format: len=${e.length} too large (>=16)`);
      }
      throw new BlockError('EINVAL', 'Header extension too large');
    }
    throw e;
  }
}

/** Read and check everything open needs; throws BlockError with QEMU's message on a bad image. */
export async function loadQcow2(file: HostFile, opts: LoadOptions): Promise<Qcow2State> {
  const head = await file.read(0, V3_HEADER_SIZE);
  let h = decodeHeader(head);
  validateBasics(h);
  const cs = 2 ** h.clusterBits;
  const first = await file.read(0, cs);
  h = decodeHeader(first);
  const ext = readExtensions(h, first);
  validateFeatures(h, ext.featureTable, opts.readOnly || Boolean(opts.check));
  validateTables(h, Boolean(opts.check));
  // The block layer counts whole sectors: a size that is not a multiple of 512 is cut down (and written back so).
  h.size -= h.size % 512;
  let backingFile = '';
  if (h.backingFileOffset) {
    if (h.backingFileSize > LIMITS.maxBackingFileName || h.backingFileSize > cs - h.backingFileOffset) {
      throw new BlockError('EINVAL', 'Backing file name too long');
    }
    backingFile = Buffer.from(first.subarray(h.backingFileOffset, h.backingFileOffset + h.backingFileSize)).toString('utf8');
  }
  const geo = makeGeometry(h.clusterBits, h.refcountOrder, hasExtendedL2(h));
  // qemu-img check judges (and may repair) the snapshot table itself: its faults wait for it.
  let snap: { entries: SnapshotEntry[]; bytes: number } = { entries: [], bytes: 0 };
  let snapshotFault: BlockError | undefined;
  try {
    if (opts.check) validateSnapshotTable(h, 'snapshot table');
    snap = await loadSnapshots(file, h);
  } catch (e) {
    if (!opts.check || !(e instanceof BlockError)) throw e;
    snapshotFault = e;
  }
  const l1 = h.l1Size ? await file.read(h.l1TableOffset, h.l1Size * 8) : new Uint8Array(0);
  await file.event('reftable_load');
  const reftable = await file.read(h.refcountTableOffset, h.refcountTableClusters * cs);
  const lazy = opts.lazyRefcounts ?? (h.compatibleFeatures & BigInt(COMPAT_LAZY_REFCOUNTS)) !== 0n;
  if (lazy && h.version < 3) {
    throw new BlockError('EINVAL', 'Lazy refcounts require a qcow2 image with at least qemu 1.1 compatibility level');
  }
  const s: Qcow2State = {
    file, header: h, ext, geo, backingFile, l1, reftable, snapshots: snap.entries, snapshotsBytes: snap.bytes, snapshotFault,
    l2Cache: undefined as unknown as TableCache,
    refCache: undefined as unknown as TableCache,
    freeClusterIndex: 0,
    freeByteOffset: 0,
    readOnly: opts.readOnly,
    passDiscardRequest: opts.passDiscardRequest,
    passDiscardSnapshot: opts.passDiscardSnapshot ?? true,
    passDiscardOther: opts.passDiscardOther ?? false,
    corrupt: (h.incompatibleFeatures & 2n) !== 0n,
    corruptionSignaled: false,
    dead: false,
    lazyRefcounts: lazy,
    report: opts.report,
    lock: new AsyncMutex(),
    inflight: [],
    cacheOptions: opts.cache ?? {},
  };
  const tables = cacheTables(s.cacheOptions, cs, h.size, geo.extendedL2 ? 16 : 8);
  // Every write-back passes QEMU's overlap check, each cache ignoring its own kind of table.
  s.l2Cache = new TableCache(file, cs, tables.l2, 'l2', (off, n) => checkMetadataWrite(s, off, n, 'active L2 table'));
  s.refCache = new TableCache(file, cs, tables.refcount, 'refblock', (off, n) => checkMetadataWrite(s, off, n, 'refcount block'));
  return s;
}
