// qcow2 persistent bitmaps on open: validate the extension, read the directory, load each bitmap onto the node, mark them in use.

import { newBitmap, nodeBitmaps, type DirtyBitmap } from '../../block/dirty-bitmap.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import {
  BITMAP_LIMITS, BITMAPS_EXT_SIZE, BME_AUTO, BME_IN_USE, BitmapDirError, decodeBitmapsExt, decodeDirectory, encodeDirectory,
  entryMeetsConstraints, type BitmapsExt, type DirEntry,
} from './bitmap-dir.ts';
import { decodeBitmapTable, loadBits, tableSizeFor } from './bitmap-table.ts';
import { AUTOCLEAR_BITMAPS, EXT_BITMAPS } from './constants.ts';
import { writeHeader } from './meta.ts';
import type { Qcow2State } from './state.ts';

/**
 * The bitmaps extension when it is in force (present, and its autoclear bit was set on open; an
 * amend to compat=0.10 keeps it in force until close, as QEMU does); undefined otherwise.
 */
export function bitmapsExt(s: Qcow2State): BitmapsExt | undefined {
  if (s.staleBitmaps) return undefined;
  const raw = s.ext.opaque.find((o) => o.type === EXT_BITMAPS);
  return raw && raw.data.length === BITMAPS_EXT_SIZE ? decodeBitmapsExt(raw.data) : undefined;
}

/** qcow2_read_extensions()'s checks of the bitmaps extension, with QEMU's messages. */
export function validateBitmapsExt(s: Qcow2State): void {
  const raw = s.ext.opaque.find((o) => o.type === EXT_BITMAPS);
  if (!raw || s.staleBitmaps) return;
  if (raw.data.length !== BITMAPS_EXT_SIZE) throw new BlockError('EINVAL', 'bitmaps_ext: Invalid extension length');
  const e = decodeBitmapsExt(raw.data);
  if (e.reserved !== 0) throw new BlockError('EINVAL', 'bitmaps_ext: Reserved field is not zero');
  if (e.nbBitmaps > BITMAP_LIMITS.maxBitmaps) {
    throw new BlockError(
      'EINVAL',
      `bitmaps_ext: Image has ${e.nbBitmaps} bitmaps, exceeding the QEMU supported maximum of ${BITMAP_LIMITS.maxBitmaps}`,
    );
  }
  if (e.nbBitmaps === 0) throw new BlockError('EINVAL', 'found bitmaps extension with zero bitmaps');
  if (e.directoryOffset % s.geo.clusterSize) throw new BlockError('EINVAL', 'bitmaps_ext: invalid bitmap directory offset');
  if (e.directorySize > BITMAP_LIMITS.maxDirectorySize) {
    throw new BlockError(
      'EINVAL',
      `bitmaps_ext: bitmap directory size (${e.directorySize}) exceeds the maximum supported size (${BITMAP_LIMITS.maxDirectorySize})`,
    );
  }
}

/** bitmap_list_load(): the directory as stored ([] without bitmaps); throws BlockError with QEMU's message when malformed. */
export async function readBitmapList(s: Qcow2State): Promise<DirEntry[]> {
  const ext = bitmapsExt(s);
  if (!ext) return [];
  if (ext.directorySize === 0) throw new BlockError('EINVAL', 'Requested bitmap directory size is zero');
  let buf: Uint8Array;
  try {
    buf = await s.file.read(ext.directoryOffset, ext.directorySize);
  } catch (e) {
    if (e instanceof BlockError) throw BlockError.withErrno(e.errno, 'Failed to read bitmap directory');
    throw e;
  }
  try {
    return decodeDirectory(buf, ext.nbBitmaps, (e) => entryMeetsConstraints(e, s.geo.clusterSize, s.header.size));
  } catch (e) {
    if (e instanceof BitmapDirError) throw new BlockError('EINVAL', e.message);
    throw e;
  }
}

/**
 * update_ext_header_and_dir_in_place(): rewrite the directory where it is (only flags change),
 * with the autoclear bit cleared on disk meanwhile, so a failure leaves the bitmaps stale rather
 * than half-written.
 */
async function writeDirectoryInPlace(s: Qcow2State, entries: readonly DirEntry[]): Promise<void> {
  const ext = bitmapsExt(s);
  if (!ext) return;
  s.header.autoclearFeatures &= ~BigInt(AUTOCLEAR_BITMAPS);
  await writeHeader(s);
  await s.file.flush();
  await s.file.write(ext.directoryOffset, encodeDirectory(entries));
  s.header.autoclearFeatures |= BigInt(AUTOCLEAR_BITMAPS);
  await writeHeader(s);
  await s.file.flush();
}

/** The in-use update of open ("Can't ...") and reopen ("Cannot update bitmap directory"), failing with QEMU's message. */
async function markInUse(s: Qcow2State, entries: readonly DirEntry[], failure: string): Promise<void> {
  try {
    await writeDirectoryInPlace(s, entries);
  } catch (e) {
    if (e instanceof BlockError) throw BlockError.withErrno(e.errno, failure);
    throw e;
  }
}

/** Read a stored bitmap's bits (load_bitmap_data). */
async function loadData(s: Qcow2State, e: DirEntry, b: DirtyBitmap): Promise<void> {
  const cs = s.geo.clusterSize;
  if (e.tableSize !== tableSizeFor(b.bits.length, cs)) {
    throw new BlockError('EINVAL', `Could not read bitmap '${e.name}' from image: Invalid argument`);
  }
  const table = decodeBitmapTable(await s.file.read(e.tableOffset, e.tableSize * 8), cs);
  if (!table) throw new BlockError('EINVAL', `Could not read bitmap_table table from image for bitmap '${e.name}': Invalid argument`);
  await loadBits(table, b.bits, Math.ceil(b.size / b.granularity), cs, (off) => s.file.read(off, cs));
}

/**
 * qcow2_load_dirty_bitmaps(): every stored bitmap becomes a persistent bitmap of the node (newest
 * first, so the directory's last entry heads the list). One stored in use is inconsistent (its
 * writer died): kept, disabled, without data. On a writable image the others are then marked in
 * use on disk until close stores them.
 */
export async function loadDirtyBitmaps(node: BlockNode, s: Qcow2State): Promise<void> {
  validateBitmapsExt(s);
  const entries = await readBitmapList(s);
  if (!entries.length) return;
  const list = nodeBitmaps(node);
  let update = false;
  for (const e of entries) {
    const b = newBitmap(e.name, 2 ** e.granularityBits, s.header.size);
    b.persistent = true;
    if (e.flags & BME_IN_USE) {
      b.inconsistent = true;
      b.enabled = false;
    } else {
      await loadData(s, e, b);
      e.flags |= BME_IN_USE;
      update = true;
    }
    if (!(e.flags & BME_AUTO)) b.enabled = false;
    b.readonly = s.readOnly;
    list.unshift(b);
  }
  if (update && !s.readOnly) await markInUse(s, entries, "Can't update bitmap directory");
}

/**
 * qcow2_reopen_bitmaps_rw(): after a read-only node became writable, its read-only bitmaps become
 * writable and are marked in use on disk.
 */
export async function reopenBitmapsRw(node: BlockNode, s: Qcow2State): Promise<void> {
  const entries = await readBitmapList(s);
  const woken: DirtyBitmap[] = [];
  for (const e of entries) {
    const b = node.dirtyBitmaps?.find((x) => x.name === e.name);
    if (!b) continue;
    if (!b.readonly) {
      throw new BlockError(
        'EINVAL',
        `Corruption: bitmap '${e.name}' is not marked IN_USE in the image '${node.filename}' and not marked readonly in RAM`,
      );
    }
    e.flags |= BME_IN_USE;
    woken.push(b);
  }
  if (!woken.length) return;
  await markInUse(s, entries, 'Cannot update bitmap directory');
  for (const b of woken) b.readonly = false;
}
