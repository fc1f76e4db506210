// bdrv_img_create(): validate creation options, settle size and backing file, print "Formatting ...", call the driver.

import type { BlockDriver, CreateOptionSpec } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import { OptsError, parseTyped, type TypedOpt } from '../../util/qemu-opts.ts';
import { ExitStatus, type ImgContext } from './context.ts';
import { formatSummary, mergeCreateOptions, parseCreateOptions, toDriverOptions } from './create-opts.ts';
import { createContext, findFormat, findProtocol, openBackend } from './block.ts';
import { fullBackingFilename } from './info-collect.ts';

export interface ImgCreateRequest {
  filename: string;
  fmt: string;
  baseFilename?: string;
  baseFmt?: string;
  /** The accumulated -o list. */
  options?: string;
  /** The size operand, when given. */
  size?: bigint;
  /** -u: do not open the backing file (size must then be given). */
  noBacking: boolean;
  quiet: boolean;
}

/** A creation failure with an optional hint printed after the message (error_append_hint). */
export class CreateError extends Error {
  constructor(
    message: string,
    readonly hint = '',
  ) {
    super(message);
    this.name = 'CreateError';
  }
}

function fail(message: string, hint = ''): never {
  throw new CreateError(message, hint);
}

/** Print a creation failure as qemu-img does ("qemu-img: <file>: <msg>" plus any hint) and give the status. */
export function reportCreateError(ctx: ImgContext, filename: string | undefined, e: unknown): number {
  if (e instanceof ExitStatus) return e.status;
  const prefix = filename === undefined ? '' : `${filename}: `;
  if (e instanceof CreateError) {
    ctx.error(prefix + e.message);
    if (e.hint) ctx.errRaw(e.hint);
    return 1;
  }
  if (e instanceof OptsError) {
    ctx.error(prefix + e.message);
    if (e.hint) ctx.errRaw(e.hint);
    return 1;
  }
  if (e instanceof BlockError) {
    ctx.error(prefix + e.message);
    return 1;
  }
  throw e;
}

function setOpt(opts: Map<string, TypedOpt>, descs: readonly CreateOptionSpec[], name: string, text: string, what: string, fmt: string): void {
  const desc = descs.find((d) => d.name === name);
  if (!desc) fail(`${what} not supported for file format '${fmt}'`);
  opts.delete(name);
  opts.set(name, parseTyped(desc, text));
}

/** Create the image; every failure is thrown (CreateError, OptsError or BlockError). */
export async function imgCreate(ctx: ImgContext, req: ImgCreateRequest): Promise<void> {
  const drv = findFormat(req.fmt) ?? fail(`Unknown file format '${req.fmt}'`);
  const proto = findProtocol(req.filename);
  if (!drv.createOptions || !drv.create) fail(`Format driver '${req.fmt}' does not support image creation`);
  if (!proto.createOptions) fail(`Protocol driver '${proto.formatName}' does not support image creation`);
  const descs = mergeCreateOptions(drv, proto);
  const opts = parseCreateOptions(req.options, descs);
  if (req.size !== undefined) {
    if (opts.has('size')) fail('The image size must be specified only once');
    setOpt(opts, descs, 'size', String(req.size), 'Image size', req.fmt);
  }
  if (req.baseFilename !== undefined) setOpt(opts, descs, 'backing_file', req.baseFilename, 'Backing file', req.fmt);
  if (req.baseFmt !== undefined) setOpt(opts, descs, 'backing_fmt', req.baseFmt, 'Backing file format', req.fmt);
  const backingFile = opts.get('backing_file')?.text;
  if (backingFile !== undefined) {
    if (backingFile === req.filename) fail('Error: Trying to create an image with the same filename as the backing file');
    if (backingFile === '') fail('Expected backing file name, got empty string');
  }
  const backingFmt = opts.get('backing_fmt')?.text;
  if (backingFile !== undefined && !req.noBacking) {
    await checkBacking(ctx, req, drv, backingFile, backingFmt, opts, descs);
  } else if (backingFile !== undefined && backingFmt === undefined) {
    fail('Backing file specified without backing format');
  }
  if (!opts.has('size')) fail('Image creation needs a size parameter');
  if (!req.quiet) {
    ctx.out(`Formatting '${req.filename}', fmt=${req.fmt} ${formatSummary(opts, descs)}\n`);
    // bdrv_img_create() flushes here: the line comes before any error the creation reports.
    ctx.flushOut();
  }
  try {
    await drv.create(req.filename, toDriverOptions(opts), createContext(ctx));
  } catch (e) {
    if (e instanceof BlockError && e.errno === 'EFBIG') {
      const hint = clusterSizeOpt(opts, descs) ? ' (try using a larger cluster size)' : '';
      fail(`The image size is too large for file format '${req.fmt}'${hint}`);
    }
    throw e;
  }
}

/** qemu_opt_get_size(opts, "cluster_size", 0): the value given, else the format's default, else 0. */
function clusterSizeOpt(opts: ReadonlyMap<string, TypedOpt>, descs: readonly CreateOptionSpec[]): boolean {
  const given = opts.get('cluster_size');
  if (given) return given.value !== 0n;
  const def = descs.find((d) => d.name === 'cluster_size')?.defaultValue;
  return def !== undefined && parseTyped({ name: 'cluster_size', type: 'size', help: '' }, def).value !== 0n;
}

/** Open the backing file read-only (force-share) to learn its format and, when missing, the size. */
async function checkBacking(
  ctx: ImgContext, req: ImgCreateRequest, _drv: BlockDriver, backingFile: string, backingFmt: string | undefined,
  opts: Map<string, TypedOpt>, descs: readonly CreateOptionSpec[],
): Promise<void> {
  const full = fullBackingFilename(req.filename, backingFile);
  let blk;
  try {
    blk = await openBackend(ctx, {
      filename: full,
      format: backingFmt,
      flags: { readOnly: true, forceShare: true },
    });
  } catch (e) {
    if (e instanceof BlockError) fail(e.message, 'Could not open backing image.\n');
    throw e;
  }
  try {
    if (backingFmt === undefined) {
      fail('Backing file specified without backing format', `Detected format of ${blk.root.driver.formatName}.`);
    }
    if (!opts.has('size')) {
      const size = await blk.getLength();
      setOpt(opts, descs, 'size', String(size), 'Image size', req.fmt);
    }
  } finally {
    await blk.close();
  }
}
