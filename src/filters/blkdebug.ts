// The blkdebug filter: passes requests to its `image` child, failing them by rule and suspending them at breakpoints on events.

import { readFileText } from '../util/fs-async.ts';
import { BDRV_BLOCK, type BlockDriver, type QDict } from '../block/driver.ts';
import type { BlockNode } from '../block/node.ts';
import { BlockError } from '../block/errors.ts';
import { BLKDEBUG_EVENTS, type BlkdebugEvent, type DebugEventSink } from '../block/events.ts';
import { exactFilename } from '../block/filename.ts';
import { nodeDiscard, nodeGetLength, nodeReadInto, nodeTruncate, nodeWrite, nodeWriteZeroes } from '../block/io.ts';
import type { OptionReader } from '../block/options.ts';
import { errnoFromNode, errnoFromNumber } from '../util/errno.ts';
import { parseConfigText, sectionsFromOptions, type RuleSection } from './blkdebug-config.ts';
import { applyLimits } from './blkdebug-limits.ts';
import { buildEngine, checkRequest, processEvent, type IoType, type RuleEngine } from './blkdebug-rules.ts';
import { Breakpoints } from './blkdebug-breakpoints.ts';

export interface BlkdebugState {
  image: BlockNode;
  /** The config file name as given (for the blkdebug:CONFIG:IMAGE filename), '' if none. */
  config: string;
  engine: RuleEngine;
  breakpoints: Breakpoints;
}

const PREFIX = 'blkdebug:';
const PERMS = ['consistent-read', 'write', 'write-unchanged', 'resize', 'graph-mod'];

/** read_config(): the config file's sections, then those given as options. */
async function readRules(o: OptionReader, configPath: string | undefined, resolvePath: (p: string) => string): Promise<RuleSection[]> {
  const sections: RuleSection[] = [];
  if (configPath !== undefined && configPath !== '') {
    let text: string;
    try {
      text = await readFileText(resolvePath(configPath), 'latin1');
    } catch (e) {
      throw BlockError.withErrno(errnoFromNode(e), 'Could not read blkdebug config file');
    }
    sections.push(...parseConfigText(text));
  }
  for (const name of ['inject-error', 'set-state'] as const) {
    const v = o.take(name);
    // An empty list (or dict) stays an entry of its own when flattened: QEMU finds it unused.
    const empty = v !== null && typeof v === 'object' && Object.keys(v).length === 0;
    if (empty) o.unconsume(name);
    else sections.push(...sectionsFromOptions(name, v));
  }
  return sections;
}

/** take-child-perms.N / unshare-child-perms.N: permission names (BlockPermission). */
function readPerms(o: OptionReader, key: string): string[] {
  const v = o.take(key);
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : v !== null && typeof v === 'object' ? Object.values(v) : [v];
  return list.map((p) => {
    if (typeof p !== 'string' || !PERMS.includes(p)) throw new BlockError('EINVAL', `Parameter 'null' does not accept value '${String(p)}'`);
    return p;
  });
}

/** rule_check() as a thrown error; true when the request must end here without reaching the image. */
function check(node: BlockNode<BlkdebugState>, offset: number, bytes: number, iotype: IoType): boolean {
  const errno = checkRequest(node.state.engine, offset, bytes, iotype);
  if (errno > 0) throw BlockError.ioNumber(errno, errnoFromNumber(errno));
  return errno < 0;
}

/** What qemu-io's break / resume / remove_break / wait_break look for on a node's driver. */
interface BreakpointOps {
  debugBreakpoint(node: BlockNode, event: string, tag: string): Promise<void>;
  debugRemoveBreakpoint(node: BlockNode, tag: string): Promise<void>;
  debugResume(node: BlockNode, tag: string): Promise<void>;
  debugIsSuspended(node: BlockNode, tag: string): boolean;
  debugSetOutput(node: BlockNode, print: (text: string) => void): void;
}

const driver: BlockDriver<BlkdebugState> & DebugEventSink & BreakpointOps = {
  formatName: 'blkdebug',
  protocolName: 'blkdebug',
  strongOptions: ['config', 'inject-error.', 'set-state.', 'align', 'max-transfer', 'opt-write-zero', 'max-write-zero', 'opt-discard', 'max-discard'],

  /** "blkdebug:CONFIG:IMAGE": CONFIG up to the first ':' (may be empty), IMAGE after it. */
  parseFilename(filename: string, options: QDict) {
    const rest = filename.startsWith(PREFIX) ? filename.slice(PREFIX.length) : '';
    const colon = rest.indexOf(':');
    if (colon < 0) throw new BlockError('EINVAL', 'blkdebug requires both config file and image path');
    if (colon > 0) options['config'] = rest.slice(0, colon);
    options['x-image'] = rest.slice(colon + 1);
  },

  async open(node, ctx) {
    const o = ctx.options;
    const config = o.string('config');
    const imageName = o.string('x-image');
    const engine = buildEngine(await readRules(o, config, ctx.resolvePath));
    // QEMU raises the event 'none' once when the node opens: rules on it apply from the start.
    processEvent(engine, 'none');
    const image = await ctx.openChild('image', { filename: imageName });
    if (!image) throw new BlockError('EINVAL', 'A block device must be specified for "image"');
    const take = readPerms(o, 'take-child-perms');
    readPerms(o, 'unshare-child-perms');
    if (!node.flags.readOnly || take.includes('write') || take.includes('resize')) {
      if (image.flags.readOnly && (take.includes('write') || take.includes('resize'))) throw new BlockError('EPERM', 'Block node is read-only');
    }
    applyLimits(node, o);
    return { image, config: config ?? '', engine, breakpoints: new Breakpoints() };
  },

  async close() {},

  refreshFilename(node) {
    const img = exactFilename(node.state.image);
    if (img === undefined || img === '') return undefined;
    const opts = node.options;
    const extra = ['inject-error', 'set-state', 'align', 'max-transfer', 'opt-write-zero', 'max-write-zero', 'opt-discard', 'max-discard'];
    if (extra.some((k) => opts[k] !== undefined)) return undefined;
    return `${PREFIX}${node.state.config}:${img}`;
  },

  async debugEvent(node: BlockNode, event: BlkdebugEvent) {
    const s = (node as BlockNode<BlkdebugState>).state;
    const fired = processEvent(s.engine, event);
    if (fired.length > 0) await s.breakpoints.suspend(fired.map((bp) => bp.tag));
  },

  /** qemu-io break EVENT TAG (bdrv_debug_breakpoint): ENOENT for an unknown event. */
  async debugBreakpoint(node: BlockNode, event: string, tag: string) {
    const s = (node as BlockNode<BlkdebugState>).state;
    if (!(BLKDEBUG_EVENTS as readonly string[]).includes(event)) throw BlockError.io('ENOENT');
    s.engine.rules.unshift({ kind: 'break', event: event as BlkdebugEvent, tag });
  },

  /** remove_break TAG: drop its breakpoints and let requests suspended under it go on. */
  async debugRemoveBreakpoint(node: BlockNode, tag: string) {
    const s = (node as BlockNode<BlkdebugState>).state;
    const before = s.engine.rules.length;
    s.engine.rules = s.engine.rules.filter((r) => r.kind !== 'break' || r.tag !== tag);
    s.breakpoints.resume(tag, true);
    // ENOENT unless a breakpoint was removed, even when a suspended request was let go (as QEMU).
    if (before === s.engine.rules.length) throw BlockError.io('ENOENT');
  },

  async debugResume(node: BlockNode, tag: string) {
    (node as BlockNode<BlkdebugState>).state.breakpoints.resumeOrFail(tag);
  },

  debugIsSuspended(node: BlockNode, tag: string): boolean {
    return (node as BlockNode<BlkdebugState>).state.breakpoints.isSuspended(tag);
  },

  debugSetOutput(node: BlockNode, print: (text: string) => void) {
    (node as BlockNode<BlkdebugState>).state.breakpoints.print = print;
  },

  async getLength(node) {
    return nodeGetLength(node.state.image);
  },

  async read(node, offset, buf) {
    if (check(node, offset, buf.length, 'read')) return;
    await nodeReadInto(node.state.image, offset, buf);
  },

  async write(node, offset, data, flags) {
    if (check(node, offset, data.length, 'write')) return;
    await nodeWrite(node.state.image, offset, data, flags);
  },

  async writeZeroes(node, offset, bytes, flags) {
    // Requests below the preferred alignment take the generic fallback (QEMU tests that path so).
    const align = Math.max(node.limits.requestAlignment, node.limits.pwriteZeroesAlignment);
    if (bytes < align) throw BlockError.io('ENOTSUP');
    if (check(node, offset, bytes, 'write-zeroes')) return;
    await nodeWriteZeroes(node.state.image, offset, bytes, flags);
  },

  async discard(node, offset, bytes) {
    if (bytes < node.limits.pdiscardAlignment) throw BlockError.io('ENOTSUP');
    if (check(node, offset, bytes, 'discard')) return;
    await nodeDiscard(node.state.image, offset, bytes);
  },

  async flushToDisk(node) {
    check(node, 0, 0, 'flush');
  },

  async blockStatus(node, _wantZero, offset, bytes) {
    check(node, offset, bytes, 'block-status');
    return { status: BDRV_BLOCK.RAW | BDRV_BLOCK.OFFSET_VALID, pnum: bytes, map: offset, file: node.state.image };
  },

  async truncate(node, offset, exact, prealloc) {
    await nodeTruncate(node.state.image, offset, exact, prealloc);
  },
};

export const blkdebugDriver: BlockDriver<BlkdebugState> = driver;
