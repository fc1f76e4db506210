// Block status through the graph: bdrv_co_block_status, ..._above and is_allocated[_above] with QEMU's semantics.

import { BDRV_BLOCK, type BlockStatus } from './driver.ts';
import type { BlockNode } from './node.ts';
import { BlockError } from './errors.ts';
import { alignDown, alignUp, backingChild, fileChild, nodeGetLength, nodeLengthNow } from './io.ts';

/** A status answer through a chain: `depth` counts the layers consulted (1 = the top). */
export interface ChainStatus extends BlockStatus {
  depth: number;
}

/** The next layer below `node` for chain walks: a filter's `file`, else the backing child. */
export function filterOrCowChild(node: BlockNode): BlockNode | undefined {
  if (node.driver.isFilter) return fileChild(node);
  return backingChild(node);
}

/**
 * bdrv_co_block_status(): the status of [offset, offset+bytes) according to `node`, following
 * RAW pass-throughs (raw format, filters) and, with wantZero and RECURSE, asking the protocol
 * whether data reads as zero. Returns pnum 0 with EOF at or past the end.
 */
export async function nodeBlockStatus(node: BlockNode, wantZero: boolean, offset: number, bytes: number): Promise<BlockStatus> {
  // Unlike reads and writes, a status query has no upper bound: past the end it answers EOF
  // (qemu-io's alloc asks about any int64 offset and count).
  if (!Number.isInteger(offset) || !Number.isInteger(bytes)) throw BlockError.io('EINVAL');
  if (offset < 0 || bytes < 0) throw BlockError.io('EIO');
  const total = nodeLengthNow(node) ?? (await nodeGetLength(node));
  if (offset >= total) return { status: BDRV_BLOCK.EOF, pnum: 0 };
  if (bytes === 0) return { status: 0, pnum: 0 };
  bytes = Math.min(bytes, total - offset);
  const drv = node.driver;
  if (!drv.blockStatus && !drv.isFilter) {
    let status = BDRV_BLOCK.DATA | BDRV_BLOCK.ALLOCATED;
    if (offset + bytes === total) status |= BDRV_BLOCK.EOF;
    if (drv.protocolName) return { status: status | BDRV_BLOCK.OFFSET_VALID, pnum: bytes, map: offset, file: node };
    return { status, pnum: bytes };
  }
  const align = node.limits.requestAlignment || 1;
  const aOffset = alignDown(offset, align);
  const aBytes = alignUp(offset + bytes, align) - aOffset;
  let r: BlockStatus;
  if (drv.blockStatus) {
    // A driver that knows at once answers without a promise (see BlockDriver.blockStatus).
    const answer = drv.blockStatus(node, wantZero, aOffset, aBytes);
    r = answer instanceof Promise ? await answer : answer;
  } else {
    // bdrv_co_block_status_from_file: filters pass everything to their file child.
    r = { status: BDRV_BLOCK.RAW | BDRV_BLOCK.OFFSET_VALID, pnum: aBytes, map: aOffset, file: fileChild(node) };
  }
  let status = r.status;
  let pnum = Math.min(r.pnum - (offset - aOffset), bytes);
  let map = r.map;
  let file = r.file;
  if (status & BDRV_BLOCK.OFFSET_VALID && map !== undefined) map += offset - aOffset;

  if (status & BDRV_BLOCK.RAW && file) {
    const inner = await nodeBlockStatus(file, wantZero, map ?? offset, pnum);
    return finish(inner.status, inner.pnum, inner.map, inner.file);
  }
  if (status & (BDRV_BLOCK.DATA | BDRV_BLOCK.ZERO)) {
    status |= BDRV_BLOCK.ALLOCATED;
  } else if (drv.supportsBacking) {
    const cow = backingChild(node);
    if (!cow) status |= BDRV_BLOCK.ZERO;
    else if (wantZero) {
      const size2 = await nodeGetLength(cow);
      if (offset >= size2) status |= BDRV_BLOCK.ZERO;
    }
  }
  if (
    wantZero && status & BDRV_BLOCK.RECURSE && file && file !== node &&
    status & BDRV_BLOCK.DATA && !(status & BDRV_BLOCK.ZERO) && status & BDRV_BLOCK.OFFSET_VALID && map !== undefined
  ) {
    try {
      const r2 = await nodeBlockStatus(file, wantZero, map, pnum);
      if (r2.status & BDRV_BLOCK.EOF && (r2.pnum === 0 || r2.status & BDRV_BLOCK.ZERO)) {
        // Reading beyond the end of the protocol file yields zeroes.
        status |= BDRV_BLOCK.ZERO;
      } else {
        pnum = r2.pnum;
        status |= r2.status & BDRV_BLOCK.ZERO;
      }
    } catch {
      // Extra information only; errors are ignored as QEMU does.
    }
  }
  status &= ~BDRV_BLOCK.RECURSE;
  return finish(status, pnum, map, file);

  function finish(st: number, n: number, m: number | undefined, f: BlockNode | undefined): BlockStatus {
    if (offset + n === total) st |= BDRV_BLOCK.EOF;
    const out: BlockStatus = { status: st, pnum: n };
    if (m !== undefined) out.map = m;
    if (f !== undefined) out.file = f;
    return out;
  }
}

/**
 * bdrv_co_common_block_status_above(): status of `top` looking through filters and backing
 * files down to `base` (exclusive unless includeBase; null = the whole chain).
 */
export async function nodeBlockStatusAbove(
  top: BlockNode,
  base: BlockNode | null,
  includeBase: boolean,
  wantZero: boolean,
  offset: number,
  bytes: number,
): Promise<ChainStatus> {
  if (!includeBase && top === base) return { status: 0, pnum: bytes, depth: 0 };
  let r = await nodeBlockStatus(top, wantZero, offset, bytes);
  let depth = 1;
  if (r.pnum === 0 || r.status & BDRV_BLOCK.ALLOCATED || top === base) return { ...r, depth };
  const eof = r.status & BDRV_BLOCK.EOF ? offset + r.pnum : -1;
  bytes = r.pnum;
  for (let p = filterOrCowChild(top); p && (includeBase || p !== base); p = filterOrCowChild(p)) {
    r = await nodeBlockStatus(p, wantZero, offset, bytes);
    depth++;
    if (r.pnum === 0) {
      // The layer above deferred to this shorter one: zeroes beyond its EOF count as allocated here.
      r = { status: BDRV_BLOCK.ZERO | BDRV_BLOCK.ALLOCATED, pnum: bytes, file: p };
      break;
    }
    if (r.status & BDRV_BLOCK.ALLOCATED) {
      r = { ...r, status: r.status & ~BDRV_BLOCK.EOF };
      break;
    }
    if (p === base) break;
    bytes = r.pnum;
  }
  if (offset + r.pnum === eof) r = { ...r, status: r.status | BDRV_BLOCK.EOF };
  return { ...r, depth };
}

/**
 * A hint that `node`'s block status will be asked soon: layers that hand status down unchanged (the
 * raw format, filters) pass it to their file child, and a protocol that can starts its slow part
 * (the file protocol's SEEK_DATA/SEEK_HOLE scan). Never waits, never fails, raises no event.
 */
export function nodePrefetchStatus(node: BlockNode): void {
  for (let n: BlockNode | undefined = node; n; n = fileChild(n)) {
    if (n.driver.prefetchStatus) {
      n.driver.prefetchStatus(n);
      return;
    }
    if (!n.driver.isFilter && n.driver.formatName !== 'raw') return;
  }
}

/** bdrv_is_allocated(): whether this layer alone defines [offset, offset+pnum). */
export async function nodeIsAllocated(node: BlockNode, offset: number, bytes: number): Promise<{ allocated: boolean; pnum: number }> {
  const r = await nodeBlockStatusAbove(node, node, true, false, offset, bytes);
  return { allocated: Boolean(r.status & BDRV_BLOCK.ALLOCATED), pnum: r.pnum };
}

/**
 * bdrv_is_allocated_above(): 0 when no layer from `top` down to `base` allocates the range,
 * else the 1-based depth of the layer that does; pnum as usual.
 */
export async function nodeIsAllocatedAbove(
  top: BlockNode,
  base: BlockNode | null,
  includeBase: boolean,
  offset: number,
  bytes: number,
): Promise<{ depth: number; pnum: number }> {
  const r = await nodeBlockStatusAbove(top, base, includeBase, false, offset, bytes);
  return { depth: r.status & BDRV_BLOCK.ALLOCATED ? r.depth : 0, pnum: r.pnum };
}
