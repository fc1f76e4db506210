// How qemu-io's -t/-n/-d/-i/-k/-r/-s/-C/-U and -o/--image-opts settings become an OpenRequest.

import type { OpenRequest } from '../../block/api.ts';
import type { QDict } from '../../block/driver.ts';
import type { OpenFlags } from '../../block/node.ts';
import { splitOpts } from '../../util/qemu-opts.ts';

/** The open flags one open (first image or `open` command) collects from its options. */
export interface OpenSettings {
  readOnly: boolean;
  snapshot: boolean;
  cacheDirect: boolean;
  noFlush: boolean;
  /** cache=writethrough/directsync (qemu-io's default): the write cache is off, every write is followed by a flush. */
  writethrough: boolean;
  discardUnmap: boolean;
  aio?: 'threads' | 'native' | 'io_uring';
  copyOnRead: boolean;
  forceShare: boolean;
}

/** qemu-io's defaults: read-write, writethrough, and discard=unmap (its flags start as BDRV_O_UNMAP). */
export function defaultSettings(): OpenSettings {
  return {
    readOnly: false, snapshot: false, cacheDirect: false, noFlush: false, writethrough: true,
    discardUnmap: true, copyOnRead: false, forceShare: false,
  };
}

/** bdrv_parse_cache_mode(): false when `mode` is not one QEMU knows. */
export function applyCacheMode(s: OpenSettings, mode: string): boolean {
  const modes: Record<string, [direct: boolean, writethrough: boolean, noFlush: boolean]> = {
    off: [true, false, false],
    none: [true, false, false],
    directsync: [true, true, false],
    writeback: [false, false, false],
    unsafe: [false, false, true],
    writethrough: [false, true, false],
  };
  const m = modes[mode];
  if (!m) return false;
  [s.cacheDirect, s.writethrough, s.noFlush] = m;
  return true;
}

/** bdrv_parse_discard_flags(). */
export function applyDiscard(s: OpenSettings, mode: string): boolean {
  if (mode === 'off' || mode === 'ignore') s.discardUnmap = false;
  else if (mode === 'on' || mode === 'unmap') s.discardUnmap = true;
  else return false;
  return true;
}

/** bdrv_parse_aio(). */
export function applyAio(s: OpenSettings, mode: string): boolean {
  if (mode !== 'threads' && mode !== 'native' && mode !== 'io_uring') return false;
  s.aio = mode;
  return true;
}

/**
 * An option string as qemu-io's option lists parse it (no implied name): "a=1,b.c=x,,y"; bare
 * words are deprecated booleans, reported through `warn` (text, hint). The result stays flat
 * (dotted keys), as QEMU's QDict does: the block layer nests it when it opens, so keys that
 * cannot nest ("file=x,file.filename=y") are refused there, after "file open already".
 */
export function parseOptionString(text: string, warn: (message: string, hint: string) => void): QDict {
  const flat: QDict = {};
  for (const p of splitOpts(text)) {
    if (p.flag) {
      const word = p.value === 'on' ? p.name : `no${p.name}`;
      warn(`short-form boolean option '${word}' deprecated`, `Please use ${p.name}=${p.value} instead`);
    }
    delete flat[p.name];
    flat[p.name] = p.value;
  }
  return flat;
}

/** The block layer's request for these settings (cwd and outlets are added by the caller). */
export function toOpenRequest(s: OpenSettings, filename: string | undefined, format: string | undefined, options: QDict | undefined) {
  const flags: Partial<OpenFlags> = {
    readOnly: s.readOnly,
    discardUnmap: s.discardUnmap,
    cacheDirect: s.cacheDirect,
    noFlush: s.noFlush,
    writethrough: s.writethrough,
  };
  // -U travels as the force-share option (openfile() checks it does not conflict first).
  const opts: QDict = { ...(options ?? {}) };
  if (s.forceShare) opts['force-share'] = 'on';
  if (s.aio !== undefined && s.aio !== 'threads') addAioOption(opts, s.aio, filename, format);
  const req: Omit<OpenRequest, 'cwd'> = { filename, format, options: opts, flags, snapshot: s.snapshot, copyOnRead: s.copyOnRead };
  return req;
}

/**
 * -k / -i native|io_uring are BDRV_O_* flags QEMU's file protocol reads; here they become the
 * file node's `aio` option: on the root when it is the protocol, else on its `file` child.
 */
function addAioOption(opts: QDict, aio: string, filename: string | undefined, format: string | undefined): void {
  if (opts['aio'] !== undefined || filename?.startsWith('json:')) return;
  if ((format ?? opts['driver']) === 'file') {
    opts['aio'] = aio;
    return;
  }
  const file = opts['file'];
  if (file !== undefined && (typeof file !== 'object' || file === null || Array.isArray(file))) return;
  opts['file'] = { ...(file ?? {}), aio };
}
