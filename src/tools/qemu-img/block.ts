// qemu-img's one door into the block layer: driver lookup, opening backends, and the context drivers' create() needs.

import type { BlockBackend, OpenRequest } from '../../block/api.ts';
import type { BlockDriver, CreateContext, QDict } from '../../block/driver.ts';
import { makeCreateContext } from '../../block/create.ts';
import { openImage } from '../../block/open.ts';
import { parseImageOpts as parseImageOptsText } from '../../block/open-options.ts';
import { DRIVERS, findDriver, findProtocolFor } from '../../block/registry.ts';
import type { ImgContext } from './context.ts';

/** Names for --help's "Supported formats:" line. */
export function formatNames(): string[] {
  return DRIVERS.map((d) => d.formatName);
}

/** bdrv_find_format(). */
export function findFormat(name: string): BlockDriver | undefined {
  return findDriver(name);
}

/** bdrv_find_protocol(filename, allow prefixes): throws "Unknown protocol 'x'". */
export function findProtocol(filename: string): BlockDriver {
  return findProtocolFor(filename, true);
}

/**
 * --image-opts text → the option dictionary QEMU hands to blk_new_open. The tools' option list
 * has "file" as its implied name, so a leading element without '=' is the value of `file`.
 */
export function parseImageOpts(text: string): QDict {
  const firstName = /^[^=,]*/.exec(text)![0];
  const implied = text !== '' && text[firstName.length] !== '=';
  return parseImageOptsText(implied ? `file=${text}` : text);
}

/** Where the block layer's warnings and driver stderr lines go. */
function outlets(ctx: ImgContext): Pick<OpenRequest, 'warn' | 'report' | 'errorPrintf' | 'errorReport'> {
  return {
    errorReport: (m) => ctx.error(m),
    errorPrintf: (t) => ctx.errRaw(t),
    warn: (m) => ctx.warn(m),
    report: (t) => ctx.errRaw(t.endsWith('\n') ? t : t + '\n'),
  };
}

/** Open a backend relative to the tool's cwd. */
export async function openBackend(ctx: ImgContext, req: Omit<OpenRequest, 'cwd' | 'warn' | 'report' | 'errorPrintf'>): Promise<BlockBackend> {
  return openImage({ ...req, cwd: ctx.io.cwd, ...outlets(ctx), locks: ctx.locks });
}

/** What a driver's create() may call back into. */
export function createContext(ctx: ImgContext): CreateContext {
  return makeCreateContext({ cwd: ctx.io.cwd, ...outlets(ctx), locks: ctx.locks });
}
