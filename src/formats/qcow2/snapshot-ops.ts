// qemu-img snapshot -c / -a / -d on qcow2: internal snapshots as copies of the L1 table sharing refcounted clusters.

import { checkMetadataWrite } from './overlap.ts';
import { hasDataFile } from './data-file.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { writeU64 } from './header.ts';
import { growL1 } from './l1-resize.ts';
import { flushMetadata } from './meta.ts';
import { allocClusters, freeClusters } from './refcount.ts';
import { EXTRA_WRITTEN, encodeSnapshots, type SnapshotEntry } from './snapshot-table.ts';
import { updateTreeRefcounts } from './snapshot-refs.ts';
import { flushCaches, type Qcow2State } from './state.ts';

/**
 * Write the snapshot table to new clusters, point the header at it, free the old one. As QEMU,
 * the list in memory is the new one from the start (a header rewrite on the way, as marking the
 * image corrupt does, writes the new count), and the table's place in memory changes only after
 * the old clusters were freed. On failure a new list stays, unless `restoreOnFailure`
 * (snapshot creation puts the old list back; deletion does not).
 */
export async function writeSnapshotTable(s: Qcow2State, entries: SnapshotEntry[], restoreOnFailure = false): Promise<void> {
  const before = { snapshots: s.snapshots, nb: s.header.nbSnapshots };
  s.snapshots = entries.map((e) => ({ ...e, extraSize: EXTRA_WRITTEN + (e.unknownExtra?.length ?? 0) }));
  s.header.nbSnapshots = entries.length;
  const bytes = encodeSnapshots(entries);
  let offset = 0;
  try {
    offset = bytes.length ? await allocClusters(s, Math.ceil(bytes.length / s.geo.clusterSize)) : 0;
    await flushCaches(s);
    if (bytes.length) {
      try {
        await checkMetadataWrite(s, offset, bytes.length, '');
      } catch (e) {
        // The new clusters go back (in the cache: the image is now corrupt and will not be flushed).
        await freeClusters(s, offset, bytes.length, 'always');
        throw e;
      }
    }
    if (bytes.length) await s.file.write(offset, bytes);
    const hdr = new Uint8Array(12);
    const view = new DataView(hdr.buffer);
    view.setUint32(0, entries.length);
    writeU64(view, 4, offset);
    await s.file.write(60, hdr);
  } catch (e) {
    if (restoreOnFailure) {
      s.snapshots = before.snapshots;
      s.header.nbSnapshots = before.nb;
    }
    throw e;
  }
  if (s.snapshotsBytes) await freeClusters(s, s.header.snapshotsOffset, s.snapshotsBytes, 'snapshot');
  s.header.snapshotsOffset = offset;
  s.snapshotsBytes = bytes.length;
}

async function writeActiveL1(s: Qcow2State): Promise<void> {
  await flushCaches(s);
  if (s.l1.length) await s.file.write(s.header.l1TableOffset, s.l1);
}

function find(s: Qcow2State, idOrName: string): number {
  const byId = s.snapshots.findIndex((e) => e.id === idOrName);
  return byId >= 0 ? byId : s.snapshots.findIndex((e) => e.name === idOrName);
}

/** qemu-img snapshot -c: copy the L1 table, count everything it references once more, record the entry. */
export async function createSnapshot(node: BlockNode<Qcow2State>, name: string): Promise<void> {
  const s = node.state;
  // Snapshots cannot keep old data of an external data file.
  if (hasDataFile(s)) throw BlockError.io('ENOTSUP');
  const size = s.header.l1Size;
  const l1Offset = size ? await allocClusters(s, Math.ceil((size * 8) / s.geo.clusterSize)) : 0;
  if (size) await checkMetadataWrite(s, l1Offset, size * 8, '');
  await flushCaches(s);
  if (size) await s.file.write(l1Offset, s.l1);
  if (await updateTreeRefcounts(s, s.l1, size, 1)) await writeActiveL1(s);
  await flushCaches(s);
  const now = Date.now();
  const ids = s.snapshots.map((e) => Number(e.id)).filter((n) => Number.isInteger(n));
  const entry: SnapshotEntry = {
    l1TableOffset: l1Offset, l1Size: size, id: String(Math.max(0, ...ids) + 1), name,
    dateSec: Math.floor(now / 1000), dateNsec: (now % 1000) * 1e6, vmClockNsec: 0, vmStateSize: 0,
    diskSize: s.header.size, icount: 0, extraSize: 24,
  };
  await writeSnapshotTable(s, [...s.snapshots, entry], true);
  await flushMetadata(s);
}

/** qemu-img snapshot -d (which names snapshots by name only): drop the entry, then the references its L1 tree held. */
export async function deleteSnapshot(node: BlockNode<Qcow2State>, name: string): Promise<void> {
  const s = node.state;
  const i = s.snapshots.findIndex((e) => e.name === name);
  if (i < 0) throw new BlockError('ENOENT', 'snapshot not found');
  const sn = s.snapshots[i]!;
  await step('Failed to remove snapshot from snapshot list', () => writeSnapshotTable(s, s.snapshots.filter((_, k) => k !== i)));
  const table = sn.l1Size ? await s.file.read(sn.l1TableOffset, sn.l1Size * 8) : new Uint8Array(0);
  // Each refcount pass ends flushed (updateTreeRefcounts), as qcow2_update_snapshot_refcount() flushes the node.
  await step('Failed to free the cluster and L1 table', async () => {
    await updateTreeRefcounts(s, table, sn.l1Size, -1);
  });
  if (sn.l1Size) await freeClusters(s, sn.l1TableOffset, sn.l1Size * 8, 'snapshot');
  await step('Failed to update snapshot status in disk', async () => {
    if (await updateTreeRefcounts(s, s.l1, s.header.l1Size, 0)) await writeActiveL1(s);
  });
}

/** Run one phase of a snapshot operation; its I/O failure reads "<what>: <strerror>" (error_setg_errno). */
async function step(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof BlockError && e.message === e.errnoText()) throw BlockError.withErrno(e.errno, what);
    throw e;
  }
}

/** The guest size snapshot `idOrName` was taken at, or undefined when there is no such snapshot. */
export function snapshotDiskSize(s: Qcow2State, idOrName: string): number | undefined {
  const i = find(s, idOrName);
  return i < 0 ? undefined : s.snapshots[i]!.diskSize;
}

/** qemu-img snapshot -a: make the snapshot's L1 table the active one (references move accordingly). */
export async function applySnapshot(node: BlockNode<Qcow2State>, idOrName: string): Promise<void> {
  const s = node.state;
  const i = find(s, idOrName);
  if (i < 0) throw BlockError.withErrno('ENOENT', 'Failed to load snapshot');
  const sn = s.snapshots[i]!;
  // bdrv_snapshot_goto() names every failure of the driver's goto so.
  await step('Failed to load snapshot', async () => {
    if (sn.l1Size > s.header.l1Size) await growL1(s, sn.l1Size);
    const snTable = sn.l1Size ? await s.file.read(sn.l1TableOffset, sn.l1Size * 8) : new Uint8Array(0);
    // The active table becomes the snapshot's as read now: its COPIED flags are only set right
    // by the last pass, as in QEMU (a failure on the way leaves them as they were).
    const fresh = new Uint8Array(s.l1.length);
    fresh.set(snTable.subarray(0, Math.min(snTable.length, fresh.length)));
    // The snapshot's own table gets its COPIED flags updated too, written back after the (flushed) walk.
    if (await updateTreeRefcounts(s, snTable, sn.l1Size, 1)) await s.file.write(sn.l1TableOffset, snTable);
    const old = s.l1.slice();
    await s.file.write(s.header.l1TableOffset, fresh);
    try {
      await updateTreeRefcounts(s, old, s.header.l1Size, -1);
    } finally {
      // The table in memory follows the one on disk even when the pass failed.
      s.l1 = fresh;
    }
    if (await updateTreeRefcounts(s, s.l1, s.header.l1Size, 0)) await writeActiveL1(s);
  });
}

/** convert -l: show the snapshot's L1 table (and size) instead of the active one; the node must be read-only. */
export async function loadSnapshotTmp(node: BlockNode<Qcow2State>, id: string | undefined, name: string | undefined): Promise<void> {
  const s = node.state;
  if (!s.readOnly) throw new BlockError('EINVAL', 'Device is not readonly');
  const sn = s.snapshots.find((e) => (id === undefined || e.id === id) && (name === undefined || e.name === name));
  if (!sn || (id === undefined && name === undefined)) throw new BlockError('ENOENT', "Can't find snapshot");
  const table = sn.l1Size ? await s.file.read(sn.l1TableOffset, sn.l1Size * 8) : new Uint8Array(0);
  s.l2Cache.clear();
  s.l1 = table;
  s.header.l1Size = sn.l1Size;
  s.header.l1TableOffset = sn.l1TableOffset;
  s.header.size = sn.diskSize;
}
