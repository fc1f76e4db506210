// The safe part of qemu-img rebase: copy into the image every range the backing switch would change, then rewrite the header.

import type { BlockBackend } from '../../block/api.ts';
import { nodeIsAllocated, nodeIsAllocatedAbove } from '../../block/block-status.ts';
import { BlockError } from '../../block/errors.ts';
import { nodeGetLength, nodeRead } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import { strerror } from '../../util/errno.ts';
import type { CacheMode } from './args.ts';
import { openBackend } from './block.ts';
import { compareBuffers, IO_BUF_SIZE } from './buffers.ts';
import { backingNext } from './chain.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import { fullBackingFilename } from './info-collect.ts';
import type { Progress } from './progress.ts';
import type { RebaseArgs } from './cmd-rebase.ts';

function fail(ctx: ImgContext, msg: string): never {
  ctx.error(msg);
  throw new ExitStatus(1);
}

/** Open the new backing file (relative to the image), as a read-only backend. */
export async function openNewBacking(ctx: ImgContext, node: BlockNode, a: RebaseArgs, cache: CacheMode): Promise<BlockBackend> {
  const full = fullBackingFilename(node.filename, a.base!);
  try {
    return await openBackend(ctx, {
      filename: full,
      format: a.baseFmt,
      flags: { readOnly: true, forceShare: a.forceShare, cacheDirect: cache.direct, noFlush: cache.noFlush },
    });
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    fail(ctx, `Could not open new backing file '${a.base}': ${e.message}`);
  }
}

/** Read `bytes` at `offset` of a backing image, zeroes past its end (or everywhere without one). */
async function readBacking(ctx: ImgContext, node: BlockNode | undefined, offset: number, bytes: number, which: string): Promise<Uint8Array> {
  const out = new Uint8Array(bytes);
  if (!node) return out;
  try {
    const size = await nodeGetLength(node);
    const n = Math.max(0, Math.min(bytes, size - offset));
    if (n > 0) out.set(await nodeRead(node, offset, n));
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    fail(ctx, `error while reading from ${which} backing file`);
  }
  return out;
}

/**
 * Where the image's own layer does not define the data, make the old backing contents explicit if the new differs.
 * With `prefix` (the new backing file is already in the old chain), ranges no layer above it allocates cannot
 * change and are skipped without a progress step, as img_rebase's prefix_chain_bs shortcut does.
 */
export async function copyDifferences(
  ctx: ImgContext, blk: BlockBackend, newBacking: BlockBackend | undefined, progress: Progress, prefix?: BlockNode,
): Promise<void> {
  const top = blk.root;
  const oldBacking = backingNext(top);
  const size = await blk.getLength();
  const oldSize = oldBacking ? await nodeGetLength(oldBacking) : 0;
  const newSize = newBacking ? await newBacking.getLength() : 0;
  // A fixed step per buffer-sized chunk, printed only for chunks this layer does not allocate.
  const step = size > 0 ? Math.fround(100 / Math.floor(size / Math.min(size, IO_BUF_SIZE))) : 0;
  for (let offset = 0; offset < size; ) {
    let n = Math.min(IO_BUF_SIZE, size - offset);
    let allocated: boolean;
    try {
      const r = await nodeIsAllocated(top, offset, n);
      allocated = r.allocated;
      n = r.pnum;
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      fail(ctx, `error while reading image metadata: ${e.errnoText()}`);
    }
    if (!allocated && prefix && oldBacking) {
      const above = await nodeIsAllocatedAbove(oldBacking, prefix, false, offset, n).catch((e: unknown) => {
        if (!(e instanceof BlockError)) throw e;
        fail(ctx, `error while reading image metadata: ${e.errnoText()}`);
      });
      // Past the end of a shorter old backing file nothing is reported (pnum 0): QEMU then compares
      // the whole range (the old side reads as zeroes) instead of skipping it.
      if (above.pnum > 0) n = above.pnum;
      if (above.depth === 0 && above.pnum > 0) {
        offset += n;
        continue;
      }
    }
    if (!allocated) {
      // Each side is read up to its own end (the chunk is cut there); past the old end the
      // image gets write-zeroes rather than zeroed data.
      const oldZero = offset >= oldSize;
      if (!oldZero) n = Math.min(n, oldSize - offset);
      if (newBacking && offset < newSize) n = Math.min(n, newSize - offset);
      const bufOld = await readBacking(ctx, oldZero ? undefined : oldBacking, offset, n, 'old');
      const bufNew = await readBacking(ctx, newBacking?.root, offset, n, 'new');
      for (let done = 0; done < n; ) {
        const { differ, pnum } = compareBuffers(bufOld.subarray(done), bufNew.subarray(done));
        if (differ) {
          try {
            if (oldZero) await blk.writeZeroes(offset + done, pnum);
            else await blk.write(offset + done, bufOld.subarray(done, done + pnum));
          } catch (e) {
            if (!(e instanceof BlockError)) throw e;
            fail(ctx, `Error while writing image: ${e.errnoText()}`);
          }
        }
        done += pnum;
      }
      progress.print(step, 100);
    }
    offset += n;
  }
}

/** bdrv_change_backing_file() with qemu-img rebase's messages. */
export async function changeBacking(ctx: ImgContext, node: BlockNode, a: RebaseArgs): Promise<void> {
  const file = a.base ? a.base : undefined;
  const fmt = a.base ? a.baseFmt : undefined;
  let errno: string | undefined;
  if (fmt !== undefined && file === undefined) errno = 'EINVAL';
  else if (file !== undefined && fmt === undefined) errno = 'EINVAL';
  else if (!node.driver.changeBackingFile) errno = 'ENOTSUP';
  else {
    try {
      await node.driver.changeBackingFile(node, file, fmt);
      node.backingFile = file ?? '';
      node.backingFormat = fmt ?? '';
      return;
    } catch (e) {
      if (!(e instanceof BlockError)) throw e;
      errno = e.errno;
    }
  }
  const shown = a.base ?? '(null)';
  if (errno === 'ENOSPC') fail(ctx, `Could not change the backing file to '${shown}': No space left in the file header`);
  if (errno === 'EINVAL' && a.base !== undefined && a.baseFmt === undefined) {
    fail(ctx, `Could not change the backing file to '${shown}': backing format must be specified`);
  }
  fail(ctx, `Could not change the backing file to '${shown}': ${strerror(errno as never)}`);
}
