// open, close and reopen: which image the session works on and how it is opened.

import type { QDict } from '../../block/driver.ts';
import { BlockError } from '../../block/errors.ts';
import { reopenGraph } from '../../block/reopen.ts';
import { OptsError } from '../../util/qemu-opts.ts';
import type { Command } from './command.ts';
import { commandUsage } from './command.ts';
import { parseCommandOpts } from './cmdopts.ts';
import { HELP_TEXTS } from './help-texts.ts';
import { closeFile, openFile } from './openfile.ts';
import { applyAio, applyCacheMode, applyDiscard, defaultSettings, parseOptionString } from './open-settings.ts';
import { drainAio, eprint, errorReport, warnReport, type Session } from './session.ts';
import { reopenChanges } from './reopen-opts.ts';

/** Parse an -o string, printing QEMU's warnings and errors; undefined when refused. */
export function optionArg(s: Session, text: string): QDict | undefined {
  try {
    return parseOptionString(text, (m, hint) => {
      warnReport(s, m);
      eprint(s, hint + '\n');
    });
  } catch (e) {
    if (!(e instanceof OptsError)) throw e;
    errorReport(s, e.message);
    if (e.hint) eprint(s, e.hint.endsWith('\n') ? e.hint : e.hint + '\n');
    return undefined;
  }
}

export const openCommand: Command = {
  name: 'open',
  altname: 'o',
  argmin: 1,
  argmax: -1,
  args: '[-rsCnkU] [-t cache] [-d discard] [-o options] [path]',
  oneline: 'open the file specified by path',
  help: HELP_TEXTS['open'],
  global: true,
  async run(s, argv) {
    const st = defaultSettings();
    let options: QDict = {};
    const opts = parseCommandOpts(s, this, argv, 'snCro:ki:t:d:U', (opt, arg) => {
      switch (opt) {
        case 's': st.snapshot = true; break;
        case 'n': st.cacheDirect = true; st.writethrough = false; break;
        case 'C': st.copyOnRead = true; break;
        case 'r': st.readOnly = true; break;
        case 'k': st.aio = 'native'; break;
        case 'U': st.forceShare = true; break;
        case 't':
          if (!applyCacheMode(st, arg!)) {
            errorReport(s, `Invalid cache option: ${arg}`);
            return -22;
          }
          break;
        case 'd':
          if (!applyDiscard(st, arg!)) {
            errorReport(s, `Invalid discard option: ${arg}`);
            return -22;
          }
          break;
        case 'i':
          if (!applyAio(st, arg!)) {
            errorReport(s, `Invalid aio option: ${arg}`);
            return -22;
          }
          break;
        case 'o': {
          const o = optionArg(s, arg!);
          if (!o) return commandUsage(s, this);
          options = o;
          break;
        }
      }
      return undefined;
    });
    if (!opts.ok) return opts.status;
    if (opts.operands.length > 1) return commandUsage(s, this);
    const ok = await openFile(s, opts.operands[0], undefined, st, options);
    return ok ? 0 : -22;
  },
};

export const closeCommand: Command = {
  name: 'close',
  altname: 'c',
  argmin: 0,
  argmax: 0,
  oneline: 'close the current open file',
  async run(s) {
    await closeFile(s);
    return 0;
  },
};

/** The cache options -c sets, as reopen passes them down. */
function cacheOptions(mode: string): { direct: boolean; noFlush: boolean } | undefined {
  const st = defaultSettings();
  if (!applyCacheMode(st, mode)) return undefined;
  return { direct: st.cacheDirect, noFlush: st.noFlush };
}

export const reopenCommand: Command = {
  name: 'reopen',
  argmin: 0,
  argmax: -1,
  args: '[(-r|-w)] [-c cache] [-o options]',
  oneline: 'reopens an image with new options',
  help: HELP_TEXTS['reopen'],
  async run(s, argv) {
    let readOnly: boolean | undefined;
    let cache: { direct: boolean; noFlush: boolean } | undefined;
    let options: QDict = {};
    const opts = parseCommandOpts(s, this, argv, 'c:o:rw', (opt, arg) => {
      if (opt === 'c') {
        cache = cacheOptions(arg!);
        if (!cache) {
          errorReport(s, `Invalid cache option: ${arg}`);
          return -22;
        }
      } else if (opt === 'o') {
        const o = optionArg(s, arg!);
        if (!o) return -22;
        options = o;
      } else {
        if (readOnly !== undefined) {
          errorReport(s, 'Only one -r/-w option may be given');
          return -22;
        }
        readOnly = opt === 'r';
      }
      return undefined;
    });
    if (!opts.ok) return opts.status;
    if (opts.operands.length !== 0) return commandUsage(s, this);
    return applyReopen(s, readOnly, cache, options);
  },
};

/** Work out the new state from -r/-w, -c and -o, then reopen the graph and apply it. */
async function applyReopen(
  s: Session,
  rwFlag: boolean | undefined,
  cache: { direct: boolean; noFlush: boolean } | undefined,
  options: QDict,
): Promise<number> {
  const root = s.blk!.root;
  if (rwFlag !== undefined && options['read-only'] !== undefined) {
    throw new BlockError('EINVAL', "Cannot set both -r/-w and 'read-only'");
  }
  if (cache && Object.keys(options).some((k) => k === 'cache' || k.startsWith('cache.'))) throw new BlockError('EINVAL', 'Cannot set both -c and the cache options');
  // bdrv_reopen() drains the graph first: every request in flight completes and reports.
  await drainAio(s);
  const c = reopenChanges(root, options, (generic) => {
    // bdrv_can_set_read_only(): copy-on-read needs a writable node.
    if ((rwFlag ?? generic.readOnly ?? root.flags.readOnly) && s.copyOnRead) {
      throw new BlockError('EINVAL', `Can't set node '${root.nodeName}' to r/o with copy-on-read enabled`);
    }
  });
  const readOnly = rwFlag ?? c.readOnly ?? root.flags.readOnly;
  if (readOnly && s.writePerm && rwFlag === undefined) {
    throw new BlockError('EPERM', `Read-only block node '${root.nodeName}' cannot support read-write users`);
  }
  if (Object.keys(c.formatOptions).length) await root.driver.reopenOptions?.(root, c.formatOptions);
  const f = root.flags;
  const direct = cache?.direct ?? c.cacheDirect ?? f.cacheDirect;
  await reopenGraph(root, readOnly, direct !== f.cacheDirect);
  if (rwFlag !== undefined) s.writePerm = false;
  f.cacheDirect = direct;
  f.noFlush = cache?.noFlush ?? c.noFlush ?? f.noFlush;
  f.discardUnmap = c.discardUnmap ?? f.discardUnmap;
  f.detectZeroes = c.detectZeroes ?? f.detectZeroes;
  return 0;
}
