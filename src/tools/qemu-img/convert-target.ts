// qemu-img convert's target: validate -O/-o/-B/-c against the format, create the image, open it, and plan the copy.

import type { BlockBackend } from '../../block/api.ts';
import type { CreateOptionSpec } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import * as path from 'node:path';
import { BlockError } from '../../block/errors.ts';
import { nodeGetLength } from '../../block/io.ts';
import { parseTyped, type TypedOpt } from '../../util/qemu-opts.ts';
import { parseCacheMode } from './args.ts';
import { createContext, findFormat, findProtocol } from './block.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import type { ConvertArgs } from './convert-args.ts';
import type { CopyPlan } from './convert-copy.ts';
import { mergeCreateOptions, parseCreateOptions, toDriverOptions } from './create-opts.ts';
import { imgOpen } from './img-open.ts';
import { checkSourceBitmaps } from './convert-bitmaps.ts';

const SECTOR = 512;
/** Default copy buffer: 2 MiB in sectors. */
const BUF_SECTORS = 4096;

type TargetPlan = Omit<CopyPlan, 'sources' | 'totalSectors' | 'salvage' | 'quiet' | 'coroutines'>;

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

function pow2floor(n: number): number {
  return n <= 0 ? 0 : 2 ** Math.floor(Math.log2(n));
}

function setOpt(ctx: ImgContext, opts: Map<string, TypedOpt>, descs: readonly CreateOptionSpec[], name: string, value: string, what: string, fmt: string): void {
  const desc = descs.find((d) => d.name === name);
  if (!desc) fail(ctx, `${what} not supported for file format '${fmt}'`);
  opts.delete(name);
  opts.set(name, parseTyped(desc, value));
}

/** The host file a node's data lives in (following `file` children), resolved against the tool's cwd. */
function hostFile(ctx: ImgContext, node: BlockNode): string {
  let n = node;
  while (n.children.get('file')) n = n.children.get('file')!;
  return path.resolve(ctx.io.cwd, n.filename);
}

/**
 * Sources opened without -U hold a shared lock that forbids writers: making the target one of
 * them fails as QEMU's image locking does. Returns the error text, or undefined.
 */
export function writeLockConflict(ctx: ImgContext, a: ConvertArgs, out: string, sources: readonly BlockNode[]): string | undefined {
  if (a.forceShare) return undefined;
  const target = path.resolve(ctx.io.cwd, out);
  return sources.some((s) => hostFile(ctx, s) === target) ? 'Failed to get "write" lock' : undefined;
}

function lockHint(out: string): string {
  return `Is another process using the image [${out}]?\n`;
}

/** Validate and create the new image (skipped with -n); returns whether it has a backing file. */
async function createImage(
  ctx: ImgContext, a: ConvertArgs, out: string, totalSectors: number, srcCount: number, sources: readonly BlockNode[],
): Promise<boolean> {
  let opts = new Map<string, TypedOpt>();
  let drv;
  if (!a.skipCreate) {
    const fmt = a.outFmt!;
    drv = findFormat(fmt) ?? fail(ctx, `Unknown file format '${fmt}'`);
    const proto = findProtocol(out);
    if (!drv.createOptions || !drv.create) fail(ctx, `Format driver '${drv.formatName}' does not support image creation`);
    if (!proto.createOptions) fail(ctx, `Protocol driver '${proto.formatName}' does not support image creation`);
    const descs = mergeCreateOptions(drv, proto);
    opts = parseCreateOptions(a.options, descs);
    setOpt(ctx, opts, descs, 'size', String(totalSectors * SECTOR), 'Image size', fmt);
    if (a.outBase !== undefined) setOpt(ctx, opts, descs, 'backing_file', a.outBase, 'Backing file', fmt);
    if (a.backingFmt !== undefined) setOpt(ctx, opts, descs, 'backing_fmt', a.backingFmt, 'Backing file format', fmt);
  }
  const baseParam = opts.get('backing_file')?.text;
  const outBase = baseParam ?? a.outBase;
  const hasBacking = outBase !== undefined;
  if (a.targetIsZero && hasBacking) {
    // QEMU 7.2 reports this but leaves its exit status at 0.
    ctx.error('Cannot use --target-is-zero when the destination image has a backing file');
    throw new ExitStatus(0);
  }
  if (srcCount > 1 && hasBacking) {
    fail(ctx, 'Having a backing file for the target makes no sense when concatenating multiple input images');
  }
  if (baseParam !== undefined && !opts.has('backing_fmt')) fail(ctx, 'Use of backing file requires explicit backing format');
  if (a.compressed) {
    if (drv && !drv.supportsCompressedWrites) fail(ctx, 'Compression not supported for this file format');
    const enc = opts.get('encryption');
    if ((enc && enc.value === true) || opts.has('encrypt.format')) {
      fail(ctx, 'Compression and encryption not supported at the same time');
    }
    const prealloc = opts.get('preallocation')?.text;
    if (prealloc !== undefined && prealloc !== 'off') fail(ctx, 'Compression and preallocation not supported at the same time');
  }
  if (a.bitmaps) {
    if (srcCount > 1) fail(ctx, 'Copying bitmaps only possible with single source');
    if (!sources[0]!.driver.supportsPersistentBitmaps?.(sources[0]!)) fail(ctx, 'Source lacks bitmap support');
    checkSourceBitmaps(ctx, sources[0]!, a.skipBrokenBitmaps);
  }
  if (drv) {
    const conflict = writeLockConflict(ctx, a, out, sources);
    if (conflict) {
      ctx.error(`${out}: error while converting ${a.outFmt}: ${conflict}`);
      ctx.errRaw(lockHint(out));
      throw new ExitStatus(1);
    }
    try {
      await drv.create!(out, toDriverOptions(opts), createContext(ctx));
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      fail(ctx, `${out}: error while converting ${a.outFmt}: ${e.message}`);
    }
  }
  return hasBacking;
}

export async function createTarget(
  ctx: ImgContext, a: ConvertArgs, out: string, totalSectors: number, sources: readonly BlockNode[],
): Promise<{ blk: BlockBackend; plan: TargetPlan }> {
  const hasBacking = await createImage(ctx, a, out, totalSectors, sources.length, sources);
  const cache = parseCacheMode(a.cache) ?? fail(ctx, `Invalid cache option: ${a.cache}`);
  const conflict = writeLockConflict(ctx, a, out, sources);
  if (conflict) {
    ctx.error(`Could not open '${out}': ${conflict}`);
    ctx.errRaw(lockHint(out));
    throw new ExitStatus(1);
  }
  const blk = await imgOpen(ctx, {
    filename: out, format: a.outFmt, imageOpts: a.skipCreate && a.targetImageOpts, readOnly: false, cache,
    discardUnmap: a.minSparse > 0,
  });
  try {
    const node = blk.root;
    if (a.bitmaps && !node.driver.supportsPersistentBitmaps?.(node)) {
      fail(ctx, `Format driver '${node.driver.formatName}' does not support bitmaps`);
    }
    if (a.compressed && !node.driver.supportsCompressedWrites) fail(ctx, 'Compression not supported for this file format');
    const alignment = Math.max(pow2floor(a.minSparse), Math.ceil(node.limits.requestAlignment / SECTOR), 1);
    if (a.skipCreate) {
      const outSectors = Math.ceil((await blk.getLength()) / SECTOR);
      if (outSectors < totalSectors) fail(ctx, 'output file is smaller than input file');
    }
    let targetBackingSectors = -1;
    const backing = node.children.get('backing');
    if (hasBacking && !a.skipCreate && backing) {
      targetBackingSectors = Math.ceil((await nodeGetLength(backing)) / SECTOR);
    }
    const cluster = node.driver.getClusterSize?.(node);
    const clusterSectors = cluster ? cluster / SECTOR : 0;
    if (a.compressed && (clusterSectors <= 0 || clusterSectors > BUF_SECTORS)) fail(ctx, 'invalid cluster size');
    const plan: TargetPlan = {
      target: blk,
      minSparse: a.minSparse,
      compressed: a.compressed,
      clusterSectors,
      bufSectors: a.compressed ? clusterSectors : BUF_SECTORS,
      alignment,
      targetHasBacking: hasBacking,
      targetBackingSectors,
      hasZeroInit: a.targetIsZero || (!a.skipCreate && a.minSparse > 0 && !hasBacking),
      copyRange: a.copyRange && offloadable(node),
      overlapWrites: !a.compressed && overlappable(node),
      newTarget: !a.skipCreate,
    };
    return { blk, plan };
  } catch (e) {
    await blk.close();
    throw e;
  }
}

/**
 * Whether the copy may go on while a write's data goes out (WriteFlags.onAllocated): the target
 * is a qcow2 or raw image straight on files, so nothing (no filter, no blkdebug event) can see
 * that the next write started before this one ended. Its backing file is only read.
 */
function overlappable(node: BlockNode): boolean {
  if (node.driver.formatName !== 'qcow2' && node.driver.formatName !== 'raw') return false;
  for (const [role, child] of node.children) {
    if (role !== 'backing' && child.driver.formatName !== 'file') return false;
  }
  return true;
}

/** Drivers that implement copy_range (bdrv_co_copy_range_from/to); with any other node in a chain, QEMU's first offloaded copy fails and convert reads and writes instead. */
const COPY_RANGE_DRIVERS = new Set(['qcow2', 'raw', 'file']);

/** Whether every node under `node` (itself included) can take part in an offloaded copy. */
export function offloadable(node: BlockNode): boolean {
  if (!COPY_RANGE_DRIVERS.has(node.driver.formatName)) return false;
  for (const child of node.children.values()) if (!offloadable(child)) return false;
  return true;
}
