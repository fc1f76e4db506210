// qemu-img amend for qcow2: compat level up/down, lazy refcounts, refcount width, size; everything else is refused as QEMU does.

import type { CreateOptionSpec } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import { backingChild, nodeGetLength } from '../../block/io.ts';
import { parseBoolText } from '../../block/options.ts';
import type { BlockNode } from '../../block/node.ts';
import { changeRefcountOrder } from './refcount-order.ts';
import { AUTOCLEAR_DATA_FILE_RAW, COMPAT_LAZY_REFCOUNTS, INCOMPAT_COMPRESSION, INCOMPAT_DIRTY, V2_HEADER_SIZE, V3_HEADER_SIZE } from './constants.ts';
import { dataFileIsRaw, hasDataFile } from './data-file.ts';
import { l1, l2, readEntry } from './entries.ts';
import { getL2, setL2 } from './subclusters.ts';
import { flushMetadata, isDirty, markClean, writeHeader } from './meta.ts';
import type { Qcow2State } from './state.ts';
import { qcow2Truncate } from './truncate.ts';
import { qcow2WriteData } from './write.ts';
import { qcow2WriteZeroes } from './zero-discard.ts';

export const QCOW2_AMEND_OPTIONS: readonly CreateOptionSpec[] = [
  { name: 'encrypt.state', type: 'string', help: 'Select new state of affected keyslots (active/inactive)' },
  { name: 'encrypt.keyslot', type: 'number', help: 'Select a single keyslot to modify explicitly' },
  { name: 'encrypt.old-secret', type: 'string', help: 'Select all keyslots that match this password' },
  { name: 'encrypt.new-secret', type: 'string', help: 'New secret to set in the matching keyslots. Empty string to erase' },
  { name: 'encrypt.iter-time', type: 'number', help: 'Time to spend in PBKDF in milliseconds' },
  { name: 'size', type: 'size', help: 'Virtual disk size' },
  { name: 'compat', type: 'string', help: 'Compatibility level (v2 [0.10] or v3 [1.1])' },
  { name: 'backing_file', type: 'string', help: 'File name of a base image' },
  { name: 'backing_fmt', type: 'string', help: 'Image format of the base image' },
  { name: 'data_file', type: 'string', help: 'File name of an external data file' },
  { name: 'data_file_raw', type: 'bool', help: 'The external data file must stay valid as a raw image' },
  { name: 'lazy_refcounts', type: 'bool', help: 'Postpone refcount updates' },
  { name: 'refcount_bits', type: 'number', help: 'Width of a reference count entry in bits' },
];

const fail = (msg: string): never => {
  throw new BlockError('EINVAL', msg);
};
const V3 = '(use compat=1.1 or greater)';

interface AmendPlan {
  version: number;
  lazy: boolean;
  refcountOrder: number;
  size?: number;
  /** A new external data file name ('' drops it), only for images that have one. */
  dataFile?: string;
  /** data_file_raw=off clears the raw bit; on is only accepted where it is set already. */
  dataFileRaw?: boolean;
}

function plan(s: Qcow2State, o: Map<string, string>): AmendPlan {
  const p: AmendPlan = {
    version: s.header.version,
    lazy: (s.header.compatibleFeatures & BigInt(COMPAT_LAZY_REFCOUNTS)) !== 0n,
    refcountOrder: s.geo.refcountOrder,
  };
  for (const key of o.keys()) if (key.startsWith('encrypt.')) fail("Can't amend encryption options - encryption not present");
  const compat = o.get('compat');
  if (compat !== undefined) {
    if (compat === '0.10' || compat === 'v2') p.version = 2;
    else if (compat === '1.1' || compat === 'v3') p.version = 3;
    else fail(`Unknown compatibility level ${compat}`);
  }
  if (o.has('backing_file') || o.has('backing_fmt')) fail("Cannot amend the backing file\nYou can use 'qemu-img rebase' instead.");
  if (o.has('data_file')) {
    if (!hasDataFile(s)) fail('data-file can only be set for images that use an external data file');
    p.dataFile = o.get('data_file');
  }
  const raw = o.get('data_file_raw');
  if (raw !== undefined) {
    p.dataFileRaw = parseBoolText(raw) ?? fail("Parameter 'data_file_raw' expects 'on' or 'off'");
    if (p.dataFileRaw && !dataFileIsRaw(s)) fail('data-file-raw cannot be set on existing images');
  }
  const lazy = o.get('lazy_refcounts');
  if (lazy !== undefined) p.lazy = parseBoolText(lazy) ?? fail("Parameter 'lazy_refcounts' expects 'on' or 'off'");
  const bits = o.get('refcount_bits');
  if (bits !== undefined) {
    const order = Math.log2(Number(bits));
    if (!Number.isInteger(order) || order < 0 || order > 6) fail('Refcount width must be a power of two and may not exceed 64 bits');
    p.refcountOrder = order;
  }
  if (o.has('size')) p.size = Number(o.get('size'));
  if (p.version < 3) {
    // Going to v2 drops lazy refcounts by itself; asking for them there is an error.
    if (lazy !== undefined && p.lazy) fail(`Lazy refcounts only supported with compatibility level 1.1 and above ${V3}`);
    p.lazy = false;
    if (p.refcountOrder !== 4) {
      fail(bits !== undefined
        ? `Refcount widths other than 16 bits require compatibility level 1.1 or above ${V3}`
        : 'compat=0.10 requires refcount_bits=16');
    }
  }
  return p;
}

/** Before going to v2: zero clusters become unallocated (no backing file) or explicit zeroed data. */
async function expandZeroClusters(node: BlockNode<Qcow2State>, status?: AmendStatus): Promise<void> {
  const s = node.state;
  const hasBacking = Boolean(backingChild(node));
  // Progress counts L1 entries, the active table's and every snapshot's, one step each.
  const total = s.header.l1Size + s.snapshots.reduce((n, e) => n + e.l1Size, 0);
  let visited = 0;
  for (let i = 0; i < s.header.l1Size; i++) {
    const l2Offset = l1.l2Offset(readEntry(s.l1, i));
    if (l2Offset) await expandL2(s, l2Offset, hasBacking);
    status?.(++visited, total);
  }
  for (const e of s.snapshots) {
    for (let i = 0; i < e.l1Size; i++) status?.(++visited, total);
  }
  await flushMetadata(s);
}

/** Turn one L2 table's zero clusters into data (preallocated ones) or holes. */
async function expandL2(s: Qcow2State, l2Offset: number, hasBacking: boolean): Promise<void> {
  const cs = s.geo.clusterSize;
  const table = await s.l2Cache.get(l2Offset);
  for (let j = 0; j < s.geo.l2Entries; j++) {
    const e = getL2(s.geo, table, j);
    const t = l2.type(e);
    if (t === 'zero-alloc') {
      await s.file.writeZeroes(l2.offset(e), cs, false);
      setL2(s.geo, table, j, l2.make(l2.offset(e), l2.copied(e)));
    } else if (t === 'zero-plain') {
      if (hasBacking) fail('Failed to turn zero into data clusters');
      setL2(s.geo, table, j, l2.unallocated());
    } else continue;
    s.l2Cache.markDirty(l2Offset, table);
  }
}

/** Whether the active L1 table maps any compressed cluster (snapshots are not looked at, as in QEMU). */
async function hasCompressedClusters(s: Qcow2State): Promise<boolean> {
  for (let i = 0; i < s.header.l1Size; i++) {
    const l2Offset = l1.l2Offset(readEntry(s.l1, i));
    if (!l2Offset) continue;
    const table = await s.l2Cache.get(l2Offset);
    for (let j = 0; j < s.geo.l2Entries; j++) {
      if (l2.type(getL2(s.geo, table, j)) === 'compressed') return true;
    }
  }
  return false;
}

async function setVersion(node: BlockNode<Qcow2State>, version: number, status?: AmendStatus): Promise<void> {
  const s = node.state;
  if (version < s.header.version) {
    if (hasDataFile(s)) throw new BlockError('ENOTSUP', 'Cannot downgrade an image with a data file');
    if (isDirty(s)) await markClean(s);
    const incompat = s.header.incompatibleFeatures & ~BigInt(INCOMPAT_DIRTY | INCOMPAT_COMPRESSION);
    if (incompat !== 0n) {
      throw new BlockError('ENOTSUP', `Cannot downgrade an image with incompatible features 0x${incompat.toString(16)} set`);
    }
    await expandZeroClusters(node, status);
    if (s.header.compressionType !== 0) {
      // v2 knows only zlib: zstd goes away with the upgrade bit, unless data is compressed with it.
      if (await hasCompressedClusters(s)) {
        throw new BlockError('ENOTSUP', 'Cannot downgrade an image with zstd compression type and existing compressed clusters');
      }
      s.header.compressionType = 0;
      s.header.incompatibleFeatures &= ~BigInt(INCOMPAT_COMPRESSION);
    }
    s.header.compatibleFeatures = 0n;
    s.header.autoclearFeatures = 0n;
    s.header.headerLength = V2_HEADER_SIZE;
    s.header.unknownFields = new Uint8Array(0);
  } else {
    s.header.headerLength = V3_HEADER_SIZE;
  }
  s.header.version = version;
  await writeHeader(s);
}

/**
 * amend's size change goes through blk_truncate(), which zeroes an area regrown over a longer
 * backing file (zero clusters, explicit zeroes for an unaligned head), as a resize does.
 */
async function zeroOverBacking(node: BlockNode<Qcow2State>, oldSize: number, size: number): Promise<void> {
  const backing = backingChild(node);
  if (!backing || size <= oldSize || (await nodeGetLength(backing)) <= oldSize) return;
  const unit = node.state.geo.subclusterSize;
  const zeroStart = Math.ceil(oldSize / unit) * unit;
  if (size > zeroStart) {
    await qcow2WriteZeroes(node, zeroStart, size - zeroStart, false).catch((e: unknown) => {
      throw e instanceof BlockError ? BlockError.withErrno(e.errno, 'Failed to zero out new clusters') : e;
    });
  }
  if (zeroStart > oldSize) await qcow2WriteData(node, oldSize, new Uint8Array(Math.min(zeroStart, size) - oldSize));
}

/** Amend progress: `done` of `total` work units (img_amend turns them into percent). */
type AmendStatus = (done: number, total: number) => void;

/**
 * qcow2_amend_helper_cb(): the progress of `operations` steps (a refcount width change, a
 * downgrade) as one; the steps not begun yet are projected to take as long as those so far.
 */
function combinedStatus(status: AmendStatus | undefined, operations: number): (step: number) => AmendStatus | undefined {
  if (!status) return () => undefined;
  let last = -1;
  let completed = 0;
  let offsetCompleted = 0;
  let lastWork = 0;
  return (step) => (offset, work) => {
    if (step !== last) {
      if (last !== -1) {
        offsetCompleted += lastWork;
        completed++;
      }
      last = step;
    }
    lastWork = work;
    const current = offsetCompleted + work;
    const projected = Math.floor((current * (operations - completed - 1)) / (completed + 1));
    status(offsetCompleted + offset, current + projected);
  };
}

export async function qcow2Amend(node: BlockNode<Qcow2State>, options: Map<string, string>, status?: AmendStatus): Promise<void> {
  const s = node.state;
  const p = plan(s, options);
  const stepStatus = combinedStatus(status, Number(p.version < s.header.version) + Number(p.refcountOrder !== s.geo.refcountOrder));
  if (p.version > s.header.version) await setVersion(node, p.version);
  if (p.refcountOrder !== s.geo.refcountOrder) await changeRefcountOrder(s, p.refcountOrder, stepStatus(1));
  const lazyNow = (s.header.compatibleFeatures & BigInt(COMPAT_LAZY_REFCOUNTS)) !== 0n;
  if (p.lazy !== lazyNow) {
    if (!p.lazy) await markClean(s);
    if (p.lazy) s.header.compatibleFeatures |= BigInt(COMPAT_LAZY_REFCOUNTS);
    else s.header.compatibleFeatures &= ~BigInt(COMPAT_LAZY_REFCOUNTS);
    s.lazyRefcounts = p.lazy;
    await writeHeader(s);
  }
  if (p.dataFile !== undefined || p.dataFileRaw === false) {
    if (p.dataFile !== undefined) s.ext.dataFile = p.dataFile === '' ? undefined : p.dataFile;
    if (p.dataFileRaw === false) s.header.autoclearFeatures &= ~BigInt(AUTOCLEAR_DATA_FILE_RAW);
    await writeHeader(s);
  }
  if (p.size !== undefined && p.size !== s.header.size) {
    const oldSize = s.header.size;
    await qcow2Truncate(node, p.size, 'off');
    await zeroOverBacking(node, oldSize, p.size);
  }
  if (p.version < s.header.version) await setVersion(node, p.version, stepStatus(2));
  await flushMetadata(s);
}
