// openImage(): bdrv_open for the tools — filenames, protocol prefixes, json:, dotted options, node references, probing.
//
// The flow for one node (openNode), as QEMU's bdrv_open_inherit:
//  1. a json: filename becomes options (explicit options win); dotted keys are nested;
//  2. fillOptions settles the driver: `driver=`, else at protocol level the filename's prefix
//     ("file:", "blkverify:") or the file protocol, whose parseFilename takes the filename;
//  3. the generic options (node-name, read-only, cache.*, discard, detect-zeroes, force-share);
//  4. above protocol level the `file` child is opened first (it is what probing reads);
//     without a driver the format is probed from its first bytes (raw as the fallback);
//  5. the driver's open() takes its options and children (ctx.openChild; `backing` resolves
//     the image's recorded name relative to the image); leftovers are QEMU's "does not
//     support the option" error; then node-name registration and the json:/plain filename.

import type { OpenImage, OpenRequest } from './api.ts';
import type { BlockDriver, ChildOpenOptions, QDict, QValue } from './driver.ts';
import type { BlockNode, OpenFlags } from './node.ts';
import { BlockError } from './errors.ts';
import { OptionReader } from './options.ts';
import { cloneDict, isDict, mergeDefaults, nestDotted, ownValue, parseJsonFilename, takeOwnValue } from './open-options.ts';
import { findDriver, findProtocolFor, probeFormat, PROBE_BUF_SIZE } from './registry.ts';
import { nodeGetLength, nodeRead } from './io.ts';
import { refreshFilename } from './filename.ts';
import { parseGenericOptions, defaultLimits, type GenericOptions } from './open-generic.ts';
import { Backend } from './backend.ts';
import { appendTempSnapshot } from './snapshot.ts';
import { backingRequest } from './open-backing.ts';
import type { LockTable } from './locks.ts';
import { applyPerms, attachPerms, backendPerms } from './perms.ts';
import { qdictBucket } from '../util/json.ts';
import { hostPath } from '../util/host-path.ts';

/** Everything one openImage call shares: its nodes (for node-name references) and outlets. */
export interface OpenGraph {
  nodes: Map<string, BlockNode>;
  /** Every node opened, in opening order (closed in reverse). */
  opened: BlockNode[];
  nextId: number;
  cwd: string;
  warn?: (message: string) => void;
  report?: (line: string) => void;
  errorPrintf?: (text: string) => void;
  errorReport?: (message: string) => void;
  /** How many backing opens are nested right now (bounded by MAX_BACKING_DEPTH). */
  backingDepth?: number;
  /** The invocation's image locks, when the tool keeps them. */
  locks?: LockTable;
}

/**
 * Longest backing chain we open. QEMU has no bound: a read-only open of a chain that loops
 * back on itself recurses until it crashes (a read-write one stops at its own image lock).
 * Real chains are far shorter; a hostile or looping image fails cleanly here instead.
 */
export const MAX_BACKING_DEPTH = 256;
const CHAIN_TOO_LONG = `Backing file chain is too long (more than ${MAX_BACKING_DEPTH} images)`;

export const DEFAULT_FLAGS: OpenFlags = {
  readOnly: false,
  forceShare: false,
  discardUnmap: false,
  noFlush: false,
  cacheDirect: false,
  detectZeroes: 'off',
  noBacking: false,
};

/** How a node is being opened: at protocol level (BDRV_O_PROTOCOL) or as an image. */
interface OpenMode {
  protocol: boolean;
  /** The filename came from a filename argument, so a "proto:" prefix counts. */
  parseFilename: boolean;
  /** The top node of a read-only open asked for copy-on-read: bdrv_open_common() refuses it. */
  refuseCopyOnRead?: boolean;
}

/** Open the image a tool asked for and wrap it in a BlockBackend. */
export const openImage: OpenImage = async (req: OpenRequest) => {
  const report = req.report ?? req.warn;
  const graph: OpenGraph = { nodes: new Map(), opened: [], nextId: 1, cwd: req.cwd, warn: req.warn, report, errorPrintf: req.errorPrintf, errorReport: req.errorReport, locks: req.locks };
  const options = nestDotted(cloneDict(req.options ?? {}));
  if (req.format !== undefined) {
    if (!findDriver(req.format)) throw new BlockError('EINVAL', `Unknown driver '${req.format}'`);
    options['driver'] ??= req.format;
  }
  const flags: OpenFlags = { ...DEFAULT_FLAGS, ...req.flags };
  try {
    const baseFlags = req.snapshot ? { ...flags, readOnly: true } : flags;
    const refuseCopyOnRead = Boolean(req.copyOnRead && flags.readOnly);
    let root = await openNode(graph, req.filename, options, baseFlags, { protocol: false, parseFilename: true, refuseCopyOnRead });
    if (req.snapshot) root = await appendTempSnapshot(graph, root, req.tmpDir ?? '/var/tmp', flags.readOnly);
    // The tool asked for write access (blk_new_open's BLK_PERM_WRITE) but options made it read-only.
    if (!flags.readOnly && root.flags.readOnly) throw new BlockError('EPERM', 'Block node is read-only');
    applyPerms(root, backendPerms(root, Boolean(req.noShare)), graph.locks);
    return new Backend(root, graph.opened, graph.locks);
  } catch (e) {
    await closeAll(graph.opened, graph.locks);
    throw e;
  }
};

/** Close nodes in reverse opening order, ignoring secondary failures. */
export async function closeAll(nodes: BlockNode[], locks?: LockTable): Promise<void> {
  for (const n of [...nodes].reverse()) {
    locks?.release(n);
    try {
      await n.driver.close(n);
    } catch {
      // Closing must not mask the error that led here.
    }
  }
  nodes.length = 0;
}

/** bdrv_fill_options(): settle the driver and hand a protocol its filename. */
function fillOptions(filename: string | undefined, options: QDict, mode: OpenMode): { drv?: BlockDriver; protocol: boolean } {
  const drvName = options['driver'];
  let drv: BlockDriver | undefined;
  let protocol = mode.protocol;
  // A non-string driver is no driver at all (qdict_get_try_str), as in QEMU.
  if (typeof drvName === 'string') {
    drv = findDriver(drvName);
    if (!drv) throw new BlockError('EINVAL', `Unknown driver '${drvName}'`);
    protocol = drv.protocolName !== undefined;
  }
  let parse = false;
  if (protocol && filename !== undefined) {
    if (options['filename'] !== undefined) {
      throw new BlockError('EINVAL', "Can't specify 'file' and 'filename' options at the same time");
    }
    options['filename'] = filename;
    parse = mode.parseFilename;
  }
  const fn = options['filename'];
  if (!drv && protocol) {
    if (typeof fn !== 'string') throw new BlockError('EINVAL', 'Must specify either driver or file');
    drv = findProtocolFor(fn, parse);
    options['driver'] = drv.formatName;
  }
  if (drv?.parseFilename && parse && typeof fn === 'string') {
    delete options['filename'];
    drv.parseFilename(fn, options);
  }
  return { drv, protocol };
}

/** Open one node (and, through its driver, its children). */
export async function openNode(
  graph: OpenGraph,
  filename: string | undefined,
  options: QDict,
  parentFlags: OpenFlags,
  mode: OpenMode,
): Promise<BlockNode> {
  if (filename?.startsWith('json:')) {
    options = mergeDefaults(options, parseJsonFilename(filename));
    filename = undefined;
  }
  // The scalars read from the dictionary directly; dotted keys beside them are the driver's to refuse.
  takeOwnValue(options, 'driver');
  if (ownValue(options['backing']) === '') takeOwnValue(options, 'backing');
  if (options['backing'] === '') {
    // bdrv_open_inherit() still takes the old spelling of "no backing file", with a warning.
    graph.warn?.('Use of "backing": "" is deprecated; use "backing": null instead');
    options['backing'] = null;
  }
  const fill = fillOptions(filename, options, mode);
  let drv = fill.drv;
  const generic = parseGenericOptions(options, parentFlags);
  let file: BlockNode | null = null;
  if (!fill.protocol) {
    file = await openChildNode(graph, options, 'file', filename, generic.flags, { optional: true }, true);
    if (file) options['file'] = file.nodeName;
  }
  let probed = false;
  if (!drv) {
    if (!file) throw new BlockError('EINVAL', 'Must specify either driver or file');
    drv = await probe(file, filename ?? file.filename);
    options['driver'] = drv.formatName;
    probed = true;
  }
  return openWithDriver(graph, drv, options, generic, file, probed, fill.protocol, Boolean(mode.refuseCopyOnRead));
}

async function probe(file: BlockNode, filename: string): Promise<BlockDriver> {
  let len: number;
  let buf: Uint8Array;
  try {
    len = await nodeGetLength(file);
    buf = len === 0 ? new Uint8Array(0) : await nodeRead(file, 0, PROBE_BUF_SIZE);
  } catch (e) {
    if (e instanceof BlockError) throw e.prepend('Could not read image for determining its format: ');
    throw e;
  }
  return len === 0 ? (findDriver('raw') as BlockDriver) : probeFormat(buf, filename);
}

async function openWithDriver(
  graph: OpenGraph,
  drv: BlockDriver,
  options: QDict,
  generic: GenericOptions,
  preFile: BlockNode | null,
  probed: boolean,
  protocolFlag: boolean,
  refuseCopyOnRead = false,
): Promise<BlockNode> {
  // bdrv_open_common()'s first check: after the file child opened and the format was probed.
  if (generic.flags.forceShare && !generic.flags.readOnly) {
    throw new BlockError('EINVAL', 'force-share=on can only be used with read-only images');
  }
  // id_generate(): "#block" + a counter + two random digits, as QEMU names anonymous nodes.
  const nodeName = generic.nodeName ?? `#block${graph.nextId++}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
  if (generic.nodeName !== undefined && graph.nodes.has(nodeName)) {
    throw new BlockError('EINVAL', `Duplicate nodes with node-name='${nodeName}'`);
  }
  const node: BlockNode = {
    driver: drv,
    state: undefined,
    nodeName,
    filename: '',
    options,
    flags: generic.flags,
    children: new Map(),
    limits: defaultLimits(),
    backingFile: '',
    backingFormat: '',
  };
  const driverOptions: QDict = {};
  for (const [k, v] of Object.entries(options)) if (!generic.consumed.has(k) && k !== 'driver') driverOptions[k] = v;
  const reader = new OptionReader(driverOptions);
  const ctx = {
    options: reader,
    resolvePath: (p: string) => hostPath(graph.cwd, p),
    probed,
    probeFormat: (header: Uint8Array) => probeFormat(header, '').formatName,
    report: graph.report,
    warn: graph.warn,
    errorPrintf: graph.errorPrintf,
    errorReport: graph.errorReport,
    openChild: async (name: string, opts: ChildOpenOptions) => {
      reader.consume(name);
      if (name === 'file' && preFile && driverOptions['file'] === preFile.nodeName) {
        node.children.set('file', preFile);
        attachPerms(node, 'file', preFile, graph.locks);
        return preFile;
      }
      if (name === 'backing') return openBacking(graph, node, driverOptions, reader, opts, protocolFlag);
      const child = await openChildNode(graph, driverOptions, name, opts.filename, node.flags, opts, childProtocol(drv, protocolFlag, name, opts));
      if (child) {
        node.children.set(name, child);
        attachPerms(node, name, child, graph.locks);
      }
      return child;
    },
  };
  // bdrv_open_common(): after a format's own file is open (its errors come first), before the driver opens.
  if (refuseCopyOnRead) throw new BlockError('EINVAL', "Can't use copy-on-read on read-only device");
  node.state = await drv.open(node, ctx);
  graph.opened.push(node);
  if (preFile && !node.children.has('file')) node.children.set('file', preFile);
  for (const [name, child] of node.children) {
    // A writable node takes write permission on its data children.
    if (name !== 'backing' && !node.flags.readOnly && child.flags.readOnly) throw new BlockError('EPERM', 'Block node is read-only');
  }
  if (drv.supportsBacking && !node.children.has('backing') && driverOptions['backing'] != null) {
    // A backing file given in the options even though the image names none (e.g. -s overlays).
    await ctx.openChild('backing', { optional: true, format: true });
  }
  const left = reader.leftovers().sort((a, b) => qdictBucket(a) - qdictBucket(b));
  if (left.length > 0) {
    const what = drv.protocolName !== undefined ? `Block protocol '${drv.formatName}' doesn't` : `Block format '${drv.formatName}' does not`;
    throw new BlockError('EINVAL', `${what} support the option '${left[0]}'`);
  }
  graph.nodes.set(nodeName, node);
  node.filename = refreshFilename(node);
  return node;
}

/** The backing child: from options, a node reference, or the file name and format the image records. */
async function openBacking(
  graph: OpenGraph,
  node: BlockNode,
  options: QDict,
  reader: OptionReader,
  opts: ChildOpenOptions,
  protocolFlag: boolean,
): Promise<BlockNode | null> {
  const req = backingRequest(node, options['backing'], opts);
  if (req.skip) {
    if (req.leave) reader.unconsume('backing');
    return null;
  }
  const depth = graph.backingDepth ?? 0;
  if (depth >= MAX_BACKING_DEPTH) {
    throw new BlockError('EINVAL', CHAIN_TOO_LONG);
  }
  graph.backingDepth = depth + 1;
  try {
    const child = await openChildNode(graph, options, 'backing', req.filename, node.flags, { ...opts, optional: true, driver: req.driver }, protocolFlag);
    if (child) {
      node.children.set('backing', child);
      attachPerms(node, 'backing', child, graph.locks);
    }
    return child;
  } catch (e) {
    // The innermost failure gets one prefix per level, as QEMU's nested opens do (but the
    // chain-length stop is reported once, not behind hundreds of prefixes).
    if (e instanceof BlockError && e.message !== CHAIN_TOO_LONG) throw e.prepend('Could not open backing file: ');
    throw e;
  } finally {
    graph.backingDepth = depth;
  }
}

/**
 * Whether a child opens at protocol level (BDRV_O_PROTOCOL, no probing), as bdrv_inherited_options
 * decides: a format's children are (except its backing file), a non-format's pure data children
 * (`format: true`, e.g. blkverify's test image) are not, everything else inherits the parent's mode.
 */
function childProtocol(parent: BlockDriver, parentProtocol: boolean, name: string, opts: ChildOpenOptions): boolean {
  if (name === 'backing') return parentProtocol;
  if (parent.isFormat) return true;
  if (opts.format) return false;
  return parentProtocol;
}

/**
 * Flags a child inherits: backing files are read-only and never unmap; other children default to
 * discard=unmap (bdrv_inherited_options: the parent's driver respects the unmap policy itself).
 */
function childFlags(parent: OpenFlags, name: string): OpenFlags {
  const f: OpenFlags = { ...parent, detectZeroes: 'off', discardUnmap: true };
  if (name === 'backing') {
    f.readOnly = true;
    f.discardUnmap = false;
  }
  return f;
}

/** bdrv_open_child_bs(): a reference by node-name, a sub-dictionary, or a filename. */
async function openChildNode(
  graph: OpenGraph,
  parentOptions: QDict,
  name: string,
  filename: string | undefined,
  parentFlags: OpenFlags,
  opts: ChildOpenOptions,
  protocol: boolean,
): Promise<BlockNode | null> {
  const ref: QValue | undefined = parentOptions[name];
  if (ref === null) return null;
  if (ownValue(ref) !== undefined) {
    // A reference by name ("file=node") together with options for the child ("file.filename=...").
    throw new BlockError('EINVAL', 'Cannot reference an existing block device with additional options or a new filename');
  }
  if (name === 'backing' && parentFlags.noBacking) return null;
  if (typeof ref === 'string') {
    if (filename !== undefined && name === 'file') {
      throw new BlockError('EINVAL', 'Cannot reference an existing block device with additional options or a new filename');
    }
    const node = graph.nodes.get(ref);
    if (!node) throw new BlockError('ENODEV', `Cannot find device='${ref}' nor node-name='${ref}'`);
    return node;
  }
  const childOptions = isDict(ref ?? null) ? cloneDict(ref as QDict) : {};
  if (filename === undefined && Object.keys(childOptions).length === 0) {
    if (opts.optional) return null;
    throw new BlockError('EINVAL', `A block device must be specified for "${name}"`);
  }
  if (opts.driver !== undefined && childOptions['driver'] === undefined) childOptions['driver'] = opts.driver;
  // An image-level data child named by a json: filename (blkverify's TEST): as QEMU, the JSON
  // describes the protocol-level node below a probed format layer, not the child itself.
  if (name !== 'backing' && opts.format && !protocol && filename?.startsWith('json:') && Object.keys(childOptions).length === 0) {
    return openNode(graph, undefined, { file: parseJsonFilename(filename) }, childFlags(parentFlags, name), { protocol, parseFilename: true });
  }
  return openNode(graph, filename, childOptions, childFlags(parentFlags, name), { protocol, parseFilename: true });
}
