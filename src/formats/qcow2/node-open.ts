// qcow2's open(): runtime options, the file child, loading and checking the image, backing file, dirty-image repair.

import type { OpenContext } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { qcow2Check } from './check.ts';
import { AUTOCLEAR_BITMAPS, AUTOCLEAR_DATA_FILE_RAW } from './constants.ts';
import { isDirty, markClean, writeHeader } from './meta.ts';
import { nodeHostFile } from './node-host-file.ts';
import { loadQcow2 } from './open.ts';
import type { Qcow2State } from './state.ts';

const OVERLAP_MODES = ['none', 'constant', 'cached', 'all'];

/** Take the qcow2 runtime options QEMU knows; we honour lazy-refcounts and pass-discard-request, the rest only shape caching. */
function takeOptions(ctx: OpenContext, discardUnmap: boolean): { lazy?: boolean; passDiscard: boolean } {
  const o = ctx.options;
  const lazy = o.bool('lazy-refcounts');
  const passDiscard = o.bool('pass-discard-request') ?? discardUnmap;
  o.bool('pass-discard-snapshot');
  o.bool('pass-discard-other');
  for (const k of ['cache-size', 'l2-cache-size', 'l2-cache-entry-size', 'refcount-cache-size']) o.size(k);
  o.number('cache-clean-interval');
  const overlap = o.take('overlap-check');
  if (typeof overlap === 'string' && !OVERLAP_MODES.includes(overlap)) {
    throw new BlockError(
      'EINVAL',
      `Unsupported value '${overlap}' for qcow2 option 'overlap-check'. Allowed are any of the following: none, constant, cached, all`,
    );
  }
  return { lazy, passDiscard };
}

export async function qcow2Open(node: BlockNode<Qcow2State>, ctx: OpenContext): Promise<Qcow2State> {
  const opts = takeOptions(ctx, node.flags.discardUnmap);
  const fileNode = await ctx.openChild('file', {});
  if (!fileNode) throw new BlockError('EINVAL', "A block device must be specified for \"file\"");
  const report = ctx.report ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const s = await loadQcow2(nodeHostFile(fileNode), {
    readOnly: node.flags.readOnly,
    check: node.flags.check,
    report,
    passDiscardRequest: opts.passDiscard,
    lazyRefcounts: opts.lazy,
  });
  node.state = s;
  node.backingFile = s.backingFile;
  node.backingFormat = s.ext.backingFormat ?? '';
  const cs = s.geo.clusterSize;
  node.limits = { ...node.limits, pdiscardAlignment: cs, pwriteZeroesAlignment: cs };
  const knownAutoclear = BigInt(AUTOCLEAR_BITMAPS | AUTOCLEAR_DATA_FILE_RAW);
  if (!s.readOnly && s.header.autoclearFeatures & ~knownAutoclear) {
    // Unknown autoclear bits describe extensions this writer may invalidate: a read-write open clears them.
    s.header.autoclearFeatures &= knownAutoclear;
    await writeHeader(s);
  }
  if (isDirty(s) && !s.readOnly && !node.flags.check) {
    // An image left dirty by lazy refcounts is repaired silently on a read-write open.
    await qcow2Check(node, 'all', report);
    await markClean(s);
  }
  await ctx.openChild('backing', { optional: true, format: true });
  return s;
}
