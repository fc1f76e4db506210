// The qcow2 format driver: QEMU's qcow2 as a BlockDriver table over the modules of this folder.

import type { BlockDriver } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { nodeFlush, nodeTruncate } from '../../block/io.ts';
import { QCOW2_MAGIC } from './constants.ts';
import { QCOW2_AMEND_OPTIONS, qcow2Amend } from './amend.ts';
import { changeBackingFile, makeEmpty, reopen } from './backing-file.ts';
import { bytesPerL2, l1EntriesFor } from './geometry.ts';
import { qcow2Check } from './check.ts';
import { QCOW2_CREATE_OPTIONS } from './create-options.ts';
import { qcow2Create } from './create.ts';
import { qcow2SpecificInfo } from './info.ts';
import { snapshotInfos } from './snapshots.ts';
import { applySnapshot, createSnapshot, deleteSnapshot, loadSnapshotTmp, snapshotDiskSize } from './snapshot-ops.ts';
import { qcow2Measure } from './measure.ts';
import { flushMetadata, isDirty, markClean, markDirty } from './meta.ts';
import { qcow2Open } from './node-open.ts';
import { qcow2Read } from './read.ts';
import { serialized, dataPhase, type Qcow2State } from './state.ts';
import { qcow2BlockStatus } from './status.ts';
import { qcow2Truncate } from './truncate.ts';
import { qcow2Discard, qcow2WriteZeroes } from './zero-discard.ts';
import { qcow2WriteCompressed } from './compressed-write.ts';
import { qcow2ReopenCommit, qcow2ReopenOptions } from './reopen-options.ts';
import { qcow2WriteData } from './write.ts';
import { canStoreNewBitmap } from './bitmap-ops.ts';
import { resizeBitmaps, truncateBitmapsCheck } from './bitmap-resize.ts';
import { removeStoredBitmap, reopenBitmapsRo, storeDirtyBitmaps } from './bitmap-store.ts';
import { readBitmapList, reopenBitmapsRw } from './bitmap-load.ts';

/** Requests on a node a fatal corruption made unusable fail like QEMU's driverless node. */
function usable(node: BlockNode<Qcow2State>): Qcow2State {
  if (node.state.dead) throw BlockError.io('ENOMEDIUM');
  return node.state;
}

/** The resize before a snapshot is applied; its failure is reported as it happens and fails the apply. */
async function resizeForSnapshot(node: BlockNode<Qcow2State>, size: number): Promise<void> {
  try {
    await nodeTruncate(node, size, true, 'off');
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    node.state.errorReport?.(e.message);
    throw BlockError.withErrno(e.errno, 'Failed to load snapshot');
  }
}

/**
 * Run a modifying request under the image lock. Its metadata stays in the caches: with the write
 * cache off (qemu-io's writethrough) the generic layer's FUA emulation flushes once after each
 * guest write or write-zeroes request, as QEMU's does, so the pieces and explicit-zero fallbacks
 * of one request, copy-on-read writes, compressed writes and discards are not written through on
 * their own.
 */
async function modifying(node: BlockNode<Qcow2State>, op: (s: Qcow2State) => Promise<void>): Promise<void> {
  await serialized(node.state, () => op(usable(node)));
}

/** A request that changes nothing but still must not run alongside one that does. */
function exclusive<T>(node: BlockNode<Qcow2State>, op: (s: Qcow2State) => Promise<T>): Promise<T> {
  return serialized(node.state, () => op(usable(node)));
}

/** The BlockError `fn` fails with, or undefined when it succeeds. */
async function failure(fn: () => Promise<void>): Promise<BlockError | undefined> {
  try {
    await fn();
    return undefined;
  } catch (e) {
    if (e instanceof BlockError) return e;
    throw e;
  }
}

/** Where the VM state area starts: past what the L1 table can map (requests there are vmstate_save/vmstate_load). */
function vmStateStart(s: Qcow2State): number {
  return l1EntriesFor(s.geo, s.header.size) * bytesPerL2(s.geo);
}

export const qcow2Driver: BlockDriver<Qcow2State> = {
  formatName: 'qcow2',
  isFormat: true,
  supportsBacking: true,
  supportsCompressedWrites: true,
  createOptions: QCOW2_CREATE_OPTIONS,
  amendOptions: QCOW2_AMEND_OPTIONS,

  probe(header) {
    if (header.length < 8) return 0;
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    return view.getUint32(0) === QCOW2_MAGIC && view.getUint32(4) >= 2 ? 100 : 0;
  },

  open: qcow2Open,

  async close(node) {
    const s = node.state;
    await serialized(s, async () => {
      if (s.readOnly || s.dead) return;
      const lost = await failure(() => storeDirtyBitmaps(node, s));
      if (lost) s.errorReport?.(`Lost persistent bitmaps during inactivation of node '${node.nodeName}': ${lost.message}`);
      // As qcow2_inactivate(): each cache's failure is reported and the image then stays dirty.
      // Each cache flush writes its tables, then flushes the file (qcow2_cache_flush).
      // The L2 cache writes the refcount blocks first only when it depends on them (it does after
      // allocations): a refcount block write failing otherwise is the refcount cache's failure.
      const l2 = await failure(async () => {
        await s.l2Cache.flush();
        await s.file.flush();
      });
      if (l2) s.errorReport?.(`Failed to flush the L2 table cache: ${l2.errnoText()}`);
      const ref = await failure(async () => {
        await s.refCache.flush();
        await s.file.flush();
      });
      if (ref) s.errorReport?.(`Failed to flush the refcount block cache: ${ref.errnoText()}`);
      if (!l2 && !ref) await markClean(s);
    });
  },

  async getLength(node) {
    return usable(node).header.size;
  },

  lengthNow(node) {
    return node.state.dead ? undefined : node.state.header.size;
  },

  async read(node, offset, buf) {
    if (offset >= vmStateStart(node.state)) await node.state.file.event('vmstate_load');
    // The lock covers the lookups; each piece's data is read without it, as QEMU's requests do.
    await exclusive(node, (s) => qcow2Read(node, offset, buf, (fn, last) => dataPhase(s, fn, last)));
  },

  write(node, offset, data, flags) {
    // (No async layers of its own: a request runs its write under the lock straight away.)
    const locked = (): Promise<void> =>
      node.state.lock.run(() => {
        const s = usable(node);
        const op = (): Promise<void> =>
          flags.compressed ? qcow2WriteCompressed(node, offset, data) : qcow2WriteData(node, offset, data, flags.onAllocated);
        const dirtying = markDirty(s);
        return dirtying ? dirtying.then(op) : op();
      });
    const vmstate = offset >= vmStateStart(node.state) ? node.state.file.event('vmstate_save') : undefined;
    return vmstate ? vmstate.then(locked) : locked();
  },

  async writeZeroes(node, offset, bytes, flags) {
    await modifying(node, () => qcow2WriteZeroes(node, offset, bytes, Boolean(flags.mayUnmap), Boolean(flags.noFallback)));
  },

  async discard(node, offset, bytes) {
    // A discard is never written through: its metadata stays cached, as QEMU's does.
    await modifying(node, () => qcow2Discard(node, offset, bytes));
  },

  async blockStatus(node, _wantZero, offset, bytes) {
    return exclusive(node, () => qcow2BlockStatus(node, offset, bytes));
  },

  async truncate(node, offset, _exact, prealloc) {
    await modifying(node, async (s) => {
      await truncateBitmapsCheck(node, s);
      await qcow2Truncate(node, offset, prealloc);
    });
    resizeBitmaps(node, offset);
  },

  async flushToOs(node) {
    await serialized(node.state, async () => {
      if (!node.state.dead && !node.state.readOnly) await flushMetadata(node.state);
    });
  },

  async getAllocatedFileSize(node) {
    return node.state.file.allocatedSize();
  },

  create: qcow2Create,

  check: (node, fix, report) =>
    serialized(node.state, async () => {
      // bdrv_check() on a node a fatal corruption left driverless (the double check after a repair).
      usable(node);
      try {
        return await qcow2Check(node, fix, report);
      } finally {
        // Later allocations (bitmaps stored at close) search from the start again, as QEMU's do.
        node.state.freeClusterIndex = 0;
      }
    }),

  async getSpecificInfo(node) {
    return qcow2SpecificInfo(node.state, await readBitmapList(node.state).catch(() => []));
  },

  async listSnapshots(node) {
    return snapshotInfos(node.state.snapshots);
  },

  createSnapshot: (node, name) => exclusive(node, () => createSnapshot(node, name)),
  async applySnapshot(node, id) {
    // qcow2_snapshot_goto(): the disk first takes the size the snapshot was taken at (resized as
    // qemu-img resize does it, its error reported at once), then the snapshot's tables.
    const size = snapshotDiskSize(usable(node), id);
    if (size !== undefined && size !== Math.ceil(node.state.header.size / 512) * 512) await resizeForSnapshot(node, size);
    await exclusive(node, () => applySnapshot(node, id));
  },
  deleteSnapshot: (node, id) => exclusive(node, () => deleteSnapshot(node, id)),
  loadSnapshotTmp: (node, id, name) => exclusive(node, () => loadSnapshotTmp(node, id, name)),

  getClusterSize(node) {
    return node.state.geo.clusterSize;
  },

  getVmStateOffset(node) {
    return vmStateStart(node.state);
  },

  isDirty(node) {
    return isDirty(node.state);
  },

  async changeBackingFile(node, file, format) {
    await exclusive(node, () => changeBackingFile(node, file, format));
  },

  async makeEmpty(node) {
    await exclusive(node, () => makeEmpty(node));
  },

  async reopen(node, readOnly) {
    // Going read-only, qcow2_reopen_prepare() flushes the node once more (events included).
    if (readOnly && !node.state.readOnly && !node.state.dead) await nodeFlush(node);
    await serialized(node.state, async () => {
      const s = node.state;
      if (readOnly && !s.readOnly && !s.dead) await reopenBitmapsRo(node, s);
      const wasReadOnly = s.readOnly;
      await reopen(node, readOnly);
      if (!readOnly && wasReadOnly) await reopenBitmapsRw(node, s);
    });
  },

  measure: qcow2Measure,
  reopenOptions: qcow2ReopenOptions,
  reopenCommit: qcow2ReopenCommit,

  async amend(node, options, status) {
    await exclusive(node, () => qcow2Amend(node, options, status));
  },

  // qcow2_supports_persistent_dirty_bitmap(): version 3 images only.
  supportsPersistentBitmaps: (node) => node.state.header.version >= 3,
  canStoreNewDirtyBitmap: (node, name, granularity) => exclusive(node, () => canStoreNewBitmap(node, name, granularity)),
  removePersistentDirtyBitmap: (node, name) => exclusive(node, (s) => removeStoredBitmap(s, name)),
};
