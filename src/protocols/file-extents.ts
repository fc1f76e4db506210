// Where a host file has data and where holes: the kernel's SEEK_DATA/SEEK_HOLE answer via the helper, or a scan.
//
// A file without blocks is all hole (no helper needed). Without the helper we fall back to
// scanning for all-zero filesystem blocks, which matches QEMU except that allocated blocks
// holding zeroes (and fallocated ones) show as holes. Callers cache the answer until a change.

import type { FdHandle } from '../util/fs-async.ts';
import type { FsHelper } from './fs-helper.ts';

/** Sorted, disjoint [start, end) ranges that hold data; everything else up to EOF is a hole. */
export type DataExtents = ReadonlyArray<readonly [number, number]>;

/** Fallback: filesystem blocks with any non-zero byte are data. */
async function scanExtents(fh: FdHandle, size: number, blockSize: number): Promise<DataExtents> {
  const out: [number, number][] = [];
  const chunk = Math.max(blockSize, 1 << 20) - (Math.max(blockSize, 1 << 20) % blockSize);
  const buf = new Uint8Array(chunk);
  for (let pos = 0; pos < size; pos += chunk) {
    const n = Math.min(chunk, size - pos);
    const { bytesRead } = await fh.read(buf, 0, n, pos);
    for (let b = 0; b < bytesRead; b += blockSize) {
      const end = Math.min(b + blockSize, bytesRead);
      let data = false;
      for (let i = b; i < end; i++) {
        if (buf[i] !== 0) {
          data = true;
          break;
        }
      }
      if (!data) continue;
      const s = pos + b;
      const e = Math.min(pos + b + blockSize, size);
      const last = out[out.length - 1];
      if (last && last[1] === s) last[1] = e;
      else out.push([s, e]);
    }
  }
  return out;
}

/** Compute the data extents of the open file `fh` (served by `helper`). */
export async function findDataExtents(fh: FdHandle, helper: FsHelper): Promise<DataExtents> {
  const st = await fh.stat();
  const size = st.size;
  if (size === 0 || st.blocks === 0) return [];
  const blk = st.blksize > 0 ? st.blksize : 4096;
  // No "fully allocated" shortcut: fallocated (unwritten) extents count in st_blocks yet are holes.
  const viaKernel = await helper.dataExtents();
  if (viaKernel) return viaKernel;
  return scanExtents(fh, size, blk);
}

/**
 * The answer find_allocation() gives for `offset`: data up to `end`, or a hole up to `end`
 * (`end` may be past EOF for a trailing hole; callers clamp).
 */
export function extentAt(extents: DataExtents, offset: number): { data: boolean; end: number } {
  // Binary search for the first extent ending after `offset` (a convert asks once per extent).
  let lo = 0;
  let hi = extents.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (extents[mid]![1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  const ext = extents[lo];
  if (!ext) return { data: false, end: Number.MAX_SAFE_INTEGER };
  return offset < ext[0] ? { data: false, end: ext[0] } : { data: true, end: ext[1] };
}

/** Where a file node keeps its extents answer: the last one, or the query still running. */
export interface ExtentsCache {
  fh: FdHandle;
  helper: FsHelper;
  extents?: DataExtents;
  /** The query in flight; its answer is kept only if nothing dropped the cache meanwhile. */
  extentsQuery?: Promise<DataExtents>;
}

/** The file's extents: the cached answer, else the query in flight, else a new query. */
export function cachedExtents(s: ExtentsCache): DataExtents | Promise<DataExtents> {
  if (s.extents) return s.extents;
  if (!s.extentsQuery) {
    const query: Promise<DataExtents> = findDataExtents(s.fh, s.helper).then((found) => {
      if (s.extentsQuery === query) {
        s.extents = found;
        s.extentsQuery = undefined;
      }
      return found;
    });
    s.extentsQuery = query;
  }
  return s.extentsQuery;
}

/** The file changed: forget the extents (a query in flight still answers its callers, but is not kept). */
export function dropExtents(s: ExtentsCache): void {
  s.extents = undefined;
  s.extentsQuery = undefined;
}
