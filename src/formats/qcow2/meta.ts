// Whole-header rewrites, the dirty bit (lazy refcounts) and the per-request metadata flush.

import { BlockError } from '../../block/errors.ts';
import { INCOMPAT_DIRTY } from './constants.ts';
import { encodeExtensions } from './extensions.ts';
import { encodeHeader } from './header.ts';
import type { Qcow2State } from './state.ts';

/** The first cluster's bytes for the current header, extensions and backing file name (ENOSPC when too long). */
export function headerBytes(s: Qcow2State): Uint8Array {
  const h = s.header;
  const name = Buffer.from(s.backingFile, 'utf8');
  const ext = encodeExtensions(s.ext, h.version, s.geo.clusterSize);
  const head = encodeHeader({ ...h, backingFileOffset: 0, backingFileSize: 0 });
  const nameAt = head.length + ext.length;
  if (nameAt + name.length > s.geo.clusterSize) throw BlockError.io('ENOSPC');
  h.backingFileOffset = name.length ? nameAt : 0;
  h.backingFileSize = name.length;
  h.headerLength = head.length;
  const out = Buffer.concat([encodeHeader(h), ext, name]);
  return out;
}

/** Rewrite the header cluster's used part (QEMU's qcow2_update_header writes the whole cluster). */
export async function writeHeader(s: Qcow2State): Promise<void> {
  const bytes = headerBytes(s);
  const cluster = new Uint8Array(s.geo.clusterSize);
  cluster.set(bytes);
  await s.file.write(0, cluster);
}

async function writeIncompat(s: Qcow2State): Promise<void> {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, s.header.incompatibleFeatures);
  await s.file.write(72, b);
  await s.file.flush();
}

export function isDirty(s: Qcow2State): boolean {
  return (s.header.incompatibleFeatures & BigInt(INCOMPAT_DIRTY)) !== 0n;
}

/** With lazy refcounts, set the dirty bit before metadata the refcounts do not yet reflect reaches the disk. */
export function markDirty(s: Qcow2State): Promise<void> | undefined {
  if (!s.lazyRefcounts || isDirty(s) || s.header.version < 3) return undefined;
  return setDirtyBit(s);
}

async function setDirtyBit(s: Qcow2State): Promise<void> {
  await s.refCache.flush();
  s.header.incompatibleFeatures |= BigInt(INCOMPAT_DIRTY);
  await writeIncompat(s);
}

/** Write all metadata and clear the dirty bit (close, or after a repair). */
export async function markClean(s: Qcow2State): Promise<void> {
  await s.refCache.flush();
  await s.l2Cache.flush();
  if (!isDirty(s)) return;
  s.header.incompatibleFeatures &= ~BigInt(INCOMPAT_DIRTY);
  await writeIncompat(s);
}

/**
 * What a flush (also the one emulating FUA after each request under a writethrough cache)
 * writes: refcount blocks first unless the image is dirty (lazy refcounts postpone them), then L2 tables.
 */
export async function flushMetadata(s: Qcow2State): Promise<void> {
  if (!isDirty(s)) await s.refCache.flush();
  await s.l2Cache.flush();
}
