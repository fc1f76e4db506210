// img_open(): open an image as qemu-img does (plain filename or --image-opts), with QEMU's "Could not open" wording.

import type { BlockBackend } from '../../block/api.ts';
import { BlockError } from '../../block/errors.ts';
import type { CacheMode } from './args.ts';
import { openBackend, parseImageOpts } from './block.ts';
import type { ImgContext } from './context.ts';

export interface ImgOpenOptions {
  /** The filename, or with `imageOpts` the --image-opts option string. */
  filename: string;
  format?: string;
  imageOpts?: boolean;
  readOnly: boolean;
  forceShare?: boolean;
  /** BDRV_O_NO_BACKING: do not open the backing chain (info, rebase -u). */
  noBacking?: boolean;
  cache?: CacheMode;
  /** BDRV_O_UNMAP: write-zeroes with MAY_UNMAP may punch holes. */
  discardUnmap?: boolean;
  /** BDRV_O_CHECK: opened for qemu-img check. */
  check?: boolean;
  /** BDRV_O_NO_IO: metadata only (qemu-img info), so e.g. a missing external data file is no error. */
  noIo?: boolean;
}

/**
 * Open or throw a BlockError carrying "Could not open '<filename>': <reason>". Warnings the
 * block layer raises while opening (the raw probing one) go to stderr as QEMU prints them.
 */
export async function imgOpen(ctx: ImgContext, o: ImgOpenOptions): Promise<BlockBackend> {
  if (o.imageOpts && o.format !== undefined) {
    throw new BlockError('EINVAL', '--image-opts and --format are mutually exclusive');
  }
  try {
    const options = o.imageOpts ? parseImageOpts(o.filename) : undefined;
    return await openBackend(ctx, {
      filename: o.imageOpts ? undefined : o.filename,
      format: o.format,
      options,
      flags: {
        readOnly: o.readOnly,
        forceShare: o.forceShare ?? false,
        noBacking: o.noBacking ?? false,
        cacheDirect: o.cache?.direct ?? false,
        noFlush: o.cache?.noFlush ?? false,
        check: o.check ?? false,
        discardUnmap: o.discardUnmap ?? false,
        noIo: o.noIo ?? false,
      },
    });
  } catch (e) {
    if (e instanceof BlockError) throw e.prepend(`Could not open '${o.filename}': `);
    throw e;
  }
}
