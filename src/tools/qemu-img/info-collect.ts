// bdrv_query_image_info(): gather an open node's ImageInfo (size, disk usage, backing names, format-specific data).

import { answersGetInfo } from '../../block/get-info.ts';
import type { BlockNode } from '../../block/node.ts';
import { nodeGetLength } from '../../block/io.ts';
import type { ImageInfo } from './info-model.ts';
import { listSnapshotInfos } from './snapshot-render.ts';

/**
 * bdrv_get_allocated_file_size(): the driver's answer; else unknown for protocols, the filtered
 * child's for filters, and the sum over the non-backing children for formats.
 */
export async function allocatedFileSize(node: BlockNode): Promise<number | undefined> {
  if (node.driver.getAllocatedFileSize) return node.driver.getAllocatedFileSize(node);
  if (node.driver.protocolName !== undefined) return undefined;
  if (node.driver.isFilter) {
    const child = node.children.get('file');
    return child ? allocatedFileSize(child) : undefined;
  }
  let sum: number | undefined;
  for (const [name, child] of node.children) {
    if (name === 'backing') continue;
    const n = await allocatedFileSize(child);
    if (n === undefined) return undefined;
    sum = (sum ?? 0) + n;
  }
  return sum;
}

/**
 * bdrv_get_full_backing_filename(): a relative backing name is taken relative to the
 * directory of the image's filename (json: and protocol-prefixed names are used as they are).
 */
export function fullBackingFilename(imageFilename: string, backing: string): string {
  if (backing.startsWith('/') || backing.startsWith('json:') || /^[a-zA-Z0-9+.-]+:/.test(backing)) return backing;
  if (imageFilename.startsWith('json:')) return backing;
  const dir = imageFilename.includes('/') ? imageFilename.slice(0, imageFilename.lastIndexOf('/') + 1) : '';
  return dir + backing;
}

/** The ImageInfo of `node` itself (backing not opened; filters not skipped, as qemu-img info does). */
export async function imageInfo(node: BlockNode): Promise<ImageInfo> {
  const info: ImageInfo = {
    filename: node.filename,
    format: node.driver.formatName,
    virtualSize: await nodeGetLength(node),
    actualSize: await allocatedFileSize(node),
  };
  if (answersGetInfo(node)) info.dirtyFlag = node.driver.isDirty?.(node) ?? false;
  const cluster = node.driver.getClusterSize?.(node);
  if (cluster !== undefined) info.clusterSize = cluster;
  if (node.backingFile) {
    info.backingFilename = node.backingFile;
    info.fullBackingFilename = fullBackingFilename(node.filename, node.backingFile);
  }
  if (node.backingFormat) info.backingFilenameFormat = node.backingFormat;
  const snapshots = await listSnapshotInfos(node);
  if (snapshots.length > 0) info.snapshots = snapshots;
  const specific = await node.driver.getSpecificInfo?.(node);
  if (specific) info.formatSpecific = specific;
  return info;
}
