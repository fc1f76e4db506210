// Creating a qcow2 image: the empty three-cluster layout, then resize, preallocation and backing file through the open state.

import type { CreateContext } from '../../block/driver.ts';
import { AUTOCLEAR_DATA_FILE_RAW, COMPAT_LAZY_REFCOUNTS, INCOMPAT_COMPRESSION, INCOMPAT_DATA_FILE, INCOMPAT_EXTL2, QCOW2_MAGIC, V2_HEADER_SIZE, V3_HEADER_SIZE } from './constants.ts';
import { QCOW2_OWN_OPTIONS } from './create-options.ts';
import { parseCreateParams, type CreateParams } from './create-params.ts';
import { reftable, writeEntry } from './entries.ts';
import { encodeExtensions } from './extensions.ts';
import { encodeHeader, type Qcow2Header } from './header.ts';
import type { HostFile } from './host-file.ts';
import { growL1 } from './l1-resize.ts';
import { headerBytes, markClean, writeHeader } from './meta.ts';
import { BlockError } from '../../block/errors.ts';
import { offsetLimitError } from '../../block/limits.ts';
import { LIMITS } from './constants.ts';
import type { Qcow2State } from './state.ts';
import { nodeHostFile } from './node-host-file.ts';
import { loadQcow2 } from './open.ts';
import { setRefcount } from './refblock.ts';
import { preallocate } from './truncate.ts';
import { preallocateFile } from './prealloc-file.ts';
import { l1EntriesFor } from './geometry.ts';
import { flushCaches } from './state.ts';

function emptyHeader(p: CreateParams): Qcow2Header {
  const cs = 2 ** p.clusterBits;
  return {
    magic: QCOW2_MAGIC, version: p.version, backingFileOffset: 0, backingFileSize: 0, clusterBits: p.clusterBits,
    size: 0, cryptMethod: 0, l1Size: 0, l1TableOffset: 0, refcountTableOffset: cs, refcountTableClusters: 1,
    nbSnapshots: 0, snapshotsOffset: 0,
    incompatibleFeatures: BigInt((p.compressionType ? INCOMPAT_COMPRESSION : 0) | (p.extendedL2 ? INCOMPAT_EXTL2 : 0)),
    compatibleFeatures: p.lazyRefcounts ? BigInt(COMPAT_LAZY_REFCOUNTS) : 0n,
    autoclearFeatures: 0n, refcountOrder: p.refcountOrder,
    headerLength: p.version >= 3 ? V3_HEADER_SIZE : V2_HEADER_SIZE,
    compressionType: p.compressionType, unknownFields: new Uint8Array(0),
  };
}

/** Header in cluster 0, refcount table in cluster 1, one refcount block in cluster 2 counting all three. */
async function writeEmptyImage(file: HostFile, p: CreateParams): Promise<void> {
  const cs = 2 ** p.clusterBits;
  const image = new Uint8Array(3 * cs);
  const h = emptyHeader(p);
  image.set(encodeHeader(h));
  image.set(encodeExtensions({ opaque: [] }, p.version, cs), h.headerLength);
  writeEntry(image.subarray(cs, 2 * cs), 0, reftable.make(2 * cs));
  const block = image.subarray(2 * cs, 3 * cs);
  for (let i = 0; i < 3; i++) setRefcount(block, p.refcountOrder, i, 1);
  await file.write(0, image);
}

/**
 * qcow2_co_create_opts(): create the protocol file(s), then validate and format; any failure
 * after the file exists deletes it again, as QEMU does (even a file that existed before).
 */
export async function qcow2Create(filename: string, options: Map<string, string>, ctx: CreateContext): Promise<void> {
  const protoOptions = new Map<string, string>();
  for (const [k, v] of options) if (!QCOW2_OWN_OPTIONS.has(k)) protoOptions.set(k, v);
  protoOptions.set('size', '0');
  await ctx.createFile(filename, protoOptions);
  const made = [filename];
  try {
    // The data file is created before any option is validated, so a refusal deletes it too.
    const dataFile = options.get('data_file');
    if (dataFile !== undefined) {
      await ctx.createFile(dataFile, protoOptions);
      made.push(dataFile);
    }
    const p = parseCreateParams(options);
    // blk_truncate() to the guest size (rounded up to whole sectors in int64_t, so it may wrap
    // negative) refuses sizes past BDRV_MAX_LENGTH before qcow2 sees them.
    const sectors = (BigInt(options.get('size') ?? '0') + 511n) / 512n * 512n;
    const tooLarge = sectors > INT64_MAX ? 'Image size cannot be negative' : offsetLimitError(sectors);
    if (tooLarge) throw new BlockError('EINVAL', `Could not resize image: ${tooLarge}`);
    await formatImage(filename, p, ctx);
  } catch (e) {
    for (const f of made) await ctx.deleteFile?.(f);
    throw e;
  }
}

const INT64_MAX = (1n << 63n) - 1n;

async function formatImage(filename: string, p: CreateParams, ctx: CreateContext): Promise<void> {
  const node = await ctx.openFile(filename, false);
  const dataNode = p.dataFile !== undefined ? await ctx.openFile(p.dataFile, false) : undefined;
  try {
    const file = nodeHostFile(node);
    await writeEmptyImage(file, p);
    const s = await loadQcow2(file, { readOnly: false, report: () => {}, passDiscardRequest: false, lazyRefcounts: false });
    s.freeClusterIndex = 3;
    if (dataNode) attachDataFile(s, nodeHostFile(dataNode), p);
    // The data file takes the guest size; falloc/full preallocate it there.
    if (s.dataFile) await s.dataFile.truncate(p.size, p.prealloc === 'metadata' ? 'off' : p.prealloc);
    if (p.size > 0) {
      // blk_truncate() to the guest size; its failures are "Could not resize image: ...".
      try {
        await growL1(s, l1EntriesFor(s.geo, p.size));
        s.header.size = p.size;
        if (p.prealloc === 'metadata' || (s.dataFile && p.prealloc !== 'off')) await preallocate(s, 0, p.size, 'metadata');
        else if (p.prealloc !== 'off') await preallocateFile(s, 0, p.size, p.prealloc);
      } catch (e) {
        throw e instanceof BlockError ? e.prepend('Could not resize image: ') : e;
      }
    }
    await flushCaches(s);
    if (p.backingFile !== undefined) {
      s.backingFile = p.backingFile;
      if (p.backingFormat !== undefined) s.ext.backingFormat = p.backingFormat;
      const why = Buffer.byteLength(p.backingFile) > LIMITS.maxBackingFileName ? 'EINVAL' : fitsHeader(s) ? undefined : 'ENOSPC';
      if (why) {
        throw BlockError.withErrno(why, `Could not assign backing file '${p.backingFile}' with format '${p.backingFormat ?? ''}'`);
      }
    }
    await writeHeader(s);
    await markClean(s);
    await file.flush();
  } finally {
    for (const n of dataNode ? [node, dataNode] : [node]) {
      if (ctx.close) await ctx.close(n);
      else await n.driver.close(n);
    }
  }
}

/** Record the data file in the header (incompatible bit, name extension, raw autoclear bit) before anything is mapped. */
function attachDataFile(s: Qcow2State, data: HostFile, p: CreateParams): void {
  s.dataFile = data;
  s.header.incompatibleFeatures |= BigInt(INCOMPAT_DATA_FILE);
  if (p.dataFileRaw) s.header.autoclearFeatures |= BigInt(AUTOCLEAR_DATA_FILE_RAW);
  s.ext.dataFile = p.dataFile;
}

function fitsHeader(s: Qcow2State): boolean {
  try {
    headerBytes(s);
    return true;
  } catch {
    return false;
  }
}
