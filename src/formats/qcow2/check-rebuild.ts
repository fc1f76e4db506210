// Rebuilding the refcount structures from counted references (check -r all when a used cluster has refcount 0).

import { BlockError } from '../../block/errors.ts';
import { reftable, writeEntry } from './entries.ts';
import { writeU64 } from './header.ts';
import { checkDataWrite } from './overlap.ts';
import { maxRefcount, setRefcount } from './refblock.ts';
import type { Qcow2State } from './state.ts';
import type { ClusterCounts } from './check-counts.ts';

/** First cluster at or after `from` whose counted reference is zero. */
function firstFree(refs: ClusterCounts, from: number, run = 1): number {
  for (let c = from; ; c++) {
    let k = 0;
    while (k < run && !refs.get(c + k)) k++;
    if (k === run) return c;
    c += k;
  }
}

/** Run a write of the new structures; a failure is said as check says it ("ERROR writing reftable: ...") when `report` is given. */
async function reported(report: ((line: string) => void) | undefined, what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (report && e instanceof BlockError) report(`qemu-img: ERROR writing ${what}: ${e.message}`);
    throw e;
  }
}

/** Whether some counted cluster lies in a refcount block range that has no block placed. */
function anyUncovered(refs: ClusterCounts, blocks: Map<number, number>, perBlock: number): boolean {
  for (let c = refs.nextUsed(0); c < refs.length; c = refs.nextUsed(c + 1)) if (!blocks.has(Math.floor(c / perBlock))) return true;
  return false;
}

/**
 * New refcount blocks go to the first clusters free according to `refs` (each one no lower than
 * the range it covers starts, and after the previous one of its pass), the table to the first
 * free run; `refs` is updated to count them. The new
 * structures are written and the header switched; the old ones become leaks for the caller to fix.
 */
export async function rebuildRefcounts(
  s: Qcow2State, refs: ClusterCounts, report?: (line: string) => void,
): Promise<void> {
  const g = s.geo;
  const cs = g.clusterSize;
  const blocks = new Map<number, number>();
  let table = { offsetCi: -1, clusters: 0 };
  for (;;) {
    // Each pass places blocks from the start again, each after the previous one and no lower than
    // its range (a second pass covers what the table took: its block goes right after the table).
    let cursor = 0;
    for (let c = refs.nextUsed(0); c < refs.length; c = refs.nextUsed(c + 1)) {
      const bi = Math.floor(c / g.refblockEntries);
      if (blocks.has(bi)) continue;
      cursor = Math.max(cursor, bi * g.refblockEntries);
      const at = firstFree(refs, cursor);
      refs.set(at, 1);
      blocks.set(bi, at);
      cursor = at + 1;
    }
    const entries = Math.max(...blocks.keys()) + 1;
    const clusters = Math.ceil((entries * 8) / cs);
    // No size limit here: QEMU 7.2 writes a table past 8 MiB (the image then no longer opens).
    if (table.clusters !== clusters) {
      if (table.offsetCi >= 0) for (let k = 0; k < table.clusters; k++) refs.set(table.offsetCi + k, 0);
      // The table goes to the first free run from the start of the image.
      const at = firstFree(refs, 0, clusters);
      for (let k = 0; k < clusters; k++) refs.set(at + k, 1);
      table = { offsetCi: at, clusters };
    }
    if (!anyUncovered(refs, blocks, g.refblockEntries)) break;
  }
  const max = maxRefcount(g.refcountOrder);
  const newTable = new Uint8Array(table.clusters * cs);
  for (const [bi, at] of [...blocks.entries()].sort((a, b) => a[0] - b[0])) {
    const block = new Uint8Array(cs);
    for (let i = 0; i < g.refblockEntries; i++) {
      const r = refs.get(bi * g.refblockEntries + i);
      if (r) setRefcount(block, g.refcountOrder, i, Math.min(r, max));
    }
    await reported(report, 'refblock', async () => {
      // Checked against the old structures, which are still the image's until the header switches.
      await checkDataWrite(s, at * cs, cs);
      await s.file.write(at * cs, block);
    });
    writeEntry(newTable, bi, reftable.make(at * cs));
  }
  await reported(report, 'reftable', async () => {
    await checkDataWrite(s, table.offsetCi * cs, newTable.length);
    await s.file.write(table.offsetCi * cs, newTable);
  });
  const hdr = new Uint8Array(12);
  const view = new DataView(hdr.buffer);
  writeU64(view, 0, table.offsetCi * cs);
  view.setUint32(8, table.clusters);
  await s.file.write(48, hdr);
  await s.file.flush();
  s.refCache.clear();
  s.reftable = newTable;
  s.header.refcountTableOffset = table.offsetCi * cs;
  s.header.refcountTableClusters = table.clusters;
  s.freeClusterIndex = 0;
}
