// Image creation plumbing for qemu-img create/convert: driver lookup, merged option descriptors, and the CreateContext drivers use.

import { hostPath } from '../util/host-path.ts';
import type { BlockDriver, CreateContext, CreateOptionSpec } from './driver.ts';
import type { BlockNode } from './node.ts';
import type { BlockBackend } from './api.ts';
import type { LockTable } from './locks.ts';
import { BlockError } from './errors.ts';
import { findDriver, findProtocolFor } from './registry.ts';
import { openImage } from './open.ts';

/** The format driver and the protocol that will hold the new image (bdrv_img_create's first checks). */
export function findCreateDrivers(format: string, filename: string): { drv: BlockDriver; proto: BlockDriver } {
  const drv = findDriver(format);
  if (!drv) throw new BlockError('EINVAL', `Unknown file format '${format}'`);
  if (!drv.create) throw new BlockError('ENOTSUP', `Format driver '${format}' does not support image creation`);
  const proto = findProtocolFor(filename, true);
  if (!proto.create) throw new BlockError('ENOTSUP', `Protocol driver '${proto.formatName}' does not support image creation`);
  return { drv, proto };
}

/** qemu_opts_append(format's, protocol's): the format's descriptors, then the protocol's new names. */
export function mergedCreateOptions(drv: BlockDriver, proto: BlockDriver): CreateOptionSpec[] {
  const out: CreateOptionSpec[] = [...(drv.createOptions ?? [])];
  if (proto !== drv) {
    for (const o of proto.createOptions ?? []) if (!out.some((e) => e.name === o.name)) out.push(o);
  }
  return out;
}

/** Tool-side hooks a CreateContext needs. */
export interface CreateEnv {
  cwd: string;
  /** The invocation's image locks (shared with its opens). */
  locks?: LockTable;
  warn?: (message: string) => void;
  report?: (text: string) => void;
}

/**
 * The CreateContext drivers receive: protocol files are created through the protocol named
 * by the filename's prefix (bdrv_co_create_file), images are opened through openImage.
 */
export function makeCreateContext(env: CreateEnv): CreateContext {
  const open = new Map<BlockNode, BlockBackend>();
  const keep = (b: BlockBackend): BlockNode => {
    open.set(b.root, b);
    return b.root;
  };
  const ctx: CreateContext = {
    resolvePath: (p) => hostPath(env.cwd, p),
    async createFile(filename, options) {
      const proto = findProtocolFor(filename, true);
      if (!proto.create) {
        throw new BlockError('ENOTSUP', `Protocol driver '${proto.formatName}' does not support image creation`);
      }
      const known = new Set((proto.createOptions ?? []).map((o) => o.name));
      const protoOptions = new Map([...options].filter(([k]) => known.has(k)));
      await proto.create(stripPrefix(proto, filename), protoOptions, ctx);
    },
    async deleteFile(filename) {
      const proto = findProtocolFor(filename, true);
      await proto.deleteFile?.(stripPrefix(proto, filename), ctx).catch(() => undefined);
    },
    async openFile(filename, readOnly) {
      const b = await openImage({ filename, options: { driver: findProtocolFor(filename, true).formatName }, cwd: env.cwd, flags: { readOnly }, warn: env.warn, report: env.report, locks: env.locks });
      return keep(b);
    },
    async openImage(filename, format, readOnly) {
      const b = await openImage({ filename, format, cwd: env.cwd, flags: { readOnly }, warn: env.warn, report: env.report, locks: env.locks });
      return keep(b);
    },
    async close(node) {
      const b = open.get(node);
      open.delete(node);
      await b?.close();
    },
    warn: (m) => env.warn?.(m),
    locks: env.locks,
  };
  return ctx;
}

/** The protocol's own name for the file: "file:x" → "x" (what parseFilename would give). */
function stripPrefix(proto: BlockDriver, filename: string): string {
  const p = proto.protocolName;
  return p !== undefined && filename.startsWith(`${p}:`) ? filename.slice(p.length + 1) : filename;
}
