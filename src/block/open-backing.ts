// bdrv_open_backing_file(): open a format's backing child from its options or from the name and format its header records.

import type { ChildOpenOptions, QDict } from './driver.ts';
import type { BlockNode } from './node.ts';
import { BlockError } from './errors.ts';
import { exactFilename, refreshFilename } from './filename.ts';
import { protocolPrefix } from './registry.ts';

/** path_combine(): `name` relative to the directory of `base` (absolute names and bare bases pass through). */
export function pathCombine(base: string, name: string): string {
  if (name.startsWith('/') || protocolPrefix(name) !== undefined) return name;
  const slash = base.lastIndexOf('/');
  if (slash < 0) return name;
  return base.slice(0, slash + 1) + name;
}

/**
 * bdrv_get_full_backing_filename(): the backing file name as the tool should open it,
 * relative names resolved against the image's own filename.
 */
export function fullBackingFilename(node: BlockNode, backingFile: string): string {
  if (backingFile.startsWith('/') || protocolPrefix(backingFile) !== undefined) return backingFile;
  const base = exactFilename(node);
  if (base === undefined) {
    throw new BlockError('EINVAL', `Cannot use relative backing file names for '${refreshFilename(node)}'`);
  }
  return pathCombine(base, backingFile);
}

/** What the generic layer should open as `backing`, or null for none; `leave` keeps the option for the leftover check. */
export function backingRequest(
  node: BlockNode,
  value: QDict[string] | undefined,
  opts: ChildOpenOptions,
): { skip: true; leave: boolean } | { skip: false; filename?: string; driver?: string } {
  if (node.flags.noBacking) return { skip: true, leave: value !== undefined && value !== null };
  if (value === null) return { skip: true, leave: false };
  if (typeof value === 'string') return { skip: false };
  const dict = value !== undefined && typeof value === 'object' && !Array.isArray(value) ? (value as QDict) : undefined;
  const hasFile = dict !== undefined && (dict['file'] !== undefined || dict['filename'] !== undefined);
  const recorded = opts.filename ?? node.backingFile;
  // Backing options with no file anywhere are still opened, and fail for what they lack.
  if (!hasFile && !recorded) return dict && Object.keys(dict).length > 0 ? { skip: false } : { skip: true, leave: false };
  const filename = hasFile ? undefined : opts.filename ?? fullBackingFilename(node, recorded);
  const driver = opts.driver ?? (node.backingFormat !== '' ? node.backingFormat : undefined);
  return { skip: false, filename, driver };
}
