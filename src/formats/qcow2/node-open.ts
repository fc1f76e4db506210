// qcow2's open(): runtime options, the file child, loading and checking the image, backing file, dirty-image repair.

import type { OpenContext } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { OptionReader, parseBoolText } from '../../block/options.ts';
import { qcow2Check } from './check.ts';
import { dropStaleBitmaps } from './bitmaps-ext.ts';
import { loadDirtyBitmaps } from './bitmap-load.ts';
import { AUTOCLEAR_BITMAPS, AUTOCLEAR_DATA_FILE_RAW } from './constants.ts';
import { openDataFile } from './data-file.ts';
import { isDirty, markClean, writeHeader } from './meta.ts';
import { nodeHostFile } from './node-host-file.ts';
import { loadQcow2 } from './open.ts';
import type { Qcow2State } from './state.ts';

const OVERLAP_MODES = ['none', 'constant', 'cached', 'all'];

/** The metadata structures overlap-check.<name>=on|off switches. */
const OVERLAP_STRUCTURES = [
  'main-header', 'active-l1', 'active-l2', 'refcount-table', 'refcount-block', 'snapshot-table', 'inactive-l1', 'inactive-l2', 'bitmap-directory',
];

/** Take the qcow2 runtime options QEMU knows; we honour lazy-refcounts and pass-discard-*, the rest only shape caching. */
function takeOptions(ctx: OpenContext, discardUnmap: boolean) {
  const o = ctx.options;
  const lazy = o.bool('lazy-refcounts');
  const passDiscardSet = o.bool('pass-discard-request');
  const passDiscard = passDiscardSet ?? discardUnmap;
  const passSnapshot = o.bool('pass-discard-snapshot');
  const passOther = o.bool('pass-discard-other');
  const cache = {
    all: o.size('cache-size'),
    l2: o.size('l2-cache-size'),
    entry: o.size('l2-cache-entry-size'),
    refcount: o.size('refcount-cache-size'),
  };
  const interval = o.string('cache-clean-interval');
  const overlap = takeOverlapMode(o);
  if (overlap !== undefined && !OVERLAP_MODES.includes(overlap)) {
    throw new BlockError(
      'EINVAL',
      `Unsupported value '${overlap}' for qcow2 option 'overlap-check'. Allowed are any of the following: none, constant, cached, all`,
    );
  }
  return { lazy, passDiscard, passDiscardSet: passDiscardSet !== undefined, passSnapshot, passOther, cache, interval, encryptFormat: takeEncryptFormat(o) };
}

/**
 * overlap-check: a mode, or a group of a template mode and on/off switches per structure. Keys
 * the group does not know stay for the "does not support the option" check. Returns the mode.
 */
function takeOverlapMode(o: OpenContext['options']): string | undefined {
  const group = o.dict['overlap-check'];
  // The mode alone, or (beside the group) the mode given as overlap-check=...
  const own = o.string('overlap-check');
  if (group === null || typeof group !== 'object' || Array.isArray(group)) return own;
  const sub = new OptionReader(group);
  const mode = sub.string('template');
  if (own !== undefined && mode !== undefined && own !== mode) {
    throw new BlockError('EINVAL', `Conflicting values for qcow2 options 'overlap-check' ('${own}') and 'overlap-check.template' ('${mode}')`);
  }
  for (const k of OVERLAP_STRUCTURES) {
    const t = sub.string(k);
    if (t !== undefined && parseBoolText(t) === undefined) throw new BlockError('EINVAL', `Parameter 'overlap-check.${k}' expects 'on' or 'off'`);
  }
  const left = sub.leftovers();
  if (left.length === 0) o.consume('overlap-check');
  else o.dict['overlap-check'] = Object.fromEntries(left.map((k) => [k, group[k]!]));
  return mode ?? own;
}

/** The encrypt.* options: all taken (QEMU extracts the group), the format returned for the header check. */
function takeEncryptFormat(o: OpenContext['options']): string | undefined {
  let format: string | undefined;
  const group = o.take('encrypt');
  if (group !== null && typeof group === 'object' && !Array.isArray(group) && group['format'] !== undefined) format = String(group['format']);
  for (const key of Object.keys(o.dict).filter((k) => k.startsWith('encrypt.'))) {
    const v = o.take(key);
    if (key === 'encrypt.format' && v !== undefined && v !== null) format = String(v);
  }
  return format;
}

/** QEMU's read_cache_sizes() and cache-clean-interval checks (we size caches by table count, but refuse what QEMU refuses). */
export function checkCacheOptions(
  cache: { all?: number; l2?: number; entry?: number; refcount?: number },
  interval: string | undefined,
  clusterSize: number,
): void {
  if (cache.all !== undefined && cache.l2 !== undefined && cache.refcount !== undefined) {
    throw new BlockError('EINVAL', 'cache-size, l2-cache-size and refcount-cache-size may not be set at the same time');
  }
  if (cache.all !== undefined && cache.l2 !== undefined && cache.l2 > cache.all) {
    throw new BlockError('EINVAL', 'l2-cache-size may not exceed cache-size');
  }
  if (cache.all !== undefined && cache.refcount !== undefined && cache.refcount > cache.all) {
    throw new BlockError('EINVAL', 'refcount-cache-size may not exceed cache-size');
  }
  const e = cache.entry;
  if (e !== undefined && (e < 512 || e > clusterSize || (e & (e - 1)) !== 0)) {
    throw new BlockError('EINVAL', `L2 cache entry size must be a power of two between 512 and the cluster size (${clusterSize})`);
  }
  if (interval !== undefined) {
    // A negative number wraps around to a huge unsigned value in QEMU's parser.
    const t = interval.trim();
    if (t.startsWith('-') || Number(t) > 0xffffffff) throw new BlockError('EINVAL', 'Cache clean interval too big');
    if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) throw new BlockError('EINVAL', "Parameter 'cache-clean-interval' expects a number");
  }
}

/** encrypt.format must describe the image's encryption: an unencrypted image takes none. */
export function checkEncryptFormat(s: Qcow2State, format: string | undefined): void {
  if (format !== undefined && s.header.cryptMethod === 0) {
    throw new BlockError('EINVAL', `No encryption in image header, but options specified format '${format}'`);
  }
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
    passDiscardSnapshot: opts.passSnapshot,
    passDiscardOther: opts.passOther,
    lazyRefcounts: opts.lazy,
    cache: opts.cache,
  });
  s.errorReport = ctx.errorReport;
  s.passDiscardRequestSet = opts.passDiscardSet;
  checkCacheOptions(opts.cache, opts.interval, s.geo.clusterSize);
  checkEncryptFormat(s, opts.encryptFormat);
  node.state = s;
  node.backingFile = s.backingFile;
  node.backingFormat = s.ext.backingFormat ?? '';
  const cs = s.geo.clusterSize;
  // Zeroes can be marked per subcluster with extended L2 entries.
  node.limits = { ...node.limits, pdiscardAlignment: cs, pwriteZeroesAlignment: s.geo.subclusterSize };
  // In check mode QEMU's state holds no snapshots until the check reads them from the header, so
  // a header written while opening (bitmaps marked in use, autoclear bits cleared) records none.
  const hidden = node.flags.check && !s.readOnly ? hideSnapshots(s) : undefined;
  await dropStaleBitmaps(s, ctx);
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
  await openDataFile(node, ctx, s);
  await ctx.openChild('backing', { optional: true, format: true });
  await loadDirtyBitmaps(node, s);
  if (hidden) await unhideSnapshots(s, hidden);
  return s;
}

type HiddenSnapshots = Pick<Qcow2State, 'snapshots' | 'snapshotsBytes'> & { nb: number; offset: number };

function hideSnapshots(s: Qcow2State): HiddenSnapshots {
  const saved = { snapshots: s.snapshots, snapshotsBytes: s.snapshotsBytes, nb: s.header.nbSnapshots, offset: s.header.snapshotsOffset };
  s.snapshots = [];
  s.snapshotsBytes = 0;
  s.header.nbSnapshots = 0;
  s.header.snapshotsOffset = 0;
  return saved;
}

/** What the check finds: the snapshots back unless the header on disk was rewritten without them. */
async function unhideSnapshots(s: Qcow2State, saved: HiddenSnapshots): Promise<void> {
  const onDisk = await s.file.read(60, 12);
  if (onDisk.every((b) => b === 0) && saved.nb !== 0) return;
  s.snapshots = saved.snapshots;
  s.snapshotsBytes = saved.snapshotsBytes;
  s.header.nbSnapshots = saved.nb;
  s.header.snapshotsOffset = saved.offset;
}
