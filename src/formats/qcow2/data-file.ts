// External data files (docs/interop/qcow2.txt, incompatible bit 2): guest data at guest offsets in another file, not refcounted.

import { BlockError } from '../../block/errors.ts';
import type { OpenContext } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { AUTOCLEAR_DATA_FILE_RAW, INCOMPAT_DATA_FILE } from './constants.ts';
import type { HostFile } from './host-file.ts';
import { nodeHostFile } from './node-host-file.ts';
import type { Qcow2State } from './state.ts';

/** Whether the image keeps its guest data in an external data file. */
export function hasDataFile(s: Qcow2State): boolean {
  return (s.header.incompatibleFeatures & BigInt(INCOMPAT_DATA_FILE)) !== 0n;
}

/** Whether the external data file must stay a valid raw image (autoclear bit 1). */
export function dataFileIsRaw(s: Qcow2State): boolean {
  return hasDataFile(s) && (s.header.autoclearFeatures & BigInt(AUTOCLEAR_DATA_FILE_RAW)) !== 0n;
}

/** Where data clusters live: the data file when there is one, else the image file itself. */
export function dataHost(s: Qcow2State): HostFile {
  return s.dataFile ?? s.file;
}

/**
 * Open the `data-file` child: from the runtime options first, else (for an image with the
 * incompatible bit) from the name in the header extension, resolved against the working directory.
 */
export async function openDataFile(node: BlockNode<Qcow2State>, ctx: OpenContext, s: Qcow2State): Promise<void> {
  // A metadata-only open (qemu-img info) works without the data file, as in QEMU.
  if (hasDataFile(s) && node.flags.noIo) return;
  let child = await ctx.openChild('data-file', { optional: true });
  if (!hasDataFile(s)) {
    if (child) throw new BlockError('EINVAL', "'data-file' can only be set for images with an external data file");
    if (!node.flags.noIo && s.header.autoclearFeatures & BigInt(AUTOCLEAR_DATA_FILE_RAW)) {
      throw new BlockError('EINVAL', 'data-file-raw requires a data file');
    }
    return;
  }
  if (!child && s.ext.dataFile !== undefined) child = await ctx.openChild('data-file', { filename: s.ext.dataFile });
  if (!child) throw new BlockError('EINVAL', "'data-file' is required for this image");
  s.dataFile = nodeHostFile(child);
  s.dataFileNode = child;
}
