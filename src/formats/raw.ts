// The `raw` format: the guest disk is the file child's bytes, optionally a window of them (offset, size).

import { BDRV_BLOCK, type BlockDriver } from '../block/driver.ts';
import type { BlockNode } from '../block/node.ts';
import { BlockError } from '../block/errors.ts';
import { raiseEvent } from '../block/events.ts';
import { nodeDiscard, nodeGetLength, nodeLengthNow, nodeReadInto, nodeTruncate, nodeWrite, nodeWriteZeroes } from '../block/io.ts';

/** BLOCK_PROBE_BUF_SIZE: a probed raw image refuses writes that would make sector 0 probe as another format. */
const PROBE_SECTOR = 512;

export interface RawState {
  file: BlockNode;
  offset: number;
  /** Explicit `size` option, or undefined to follow the file's length. */
  size?: number;
  /** Opened by probing: guard sector 0 (probeFormat answers what a new sector 0 would probe as). */
  probeFormat?: (header: Uint8Array) => string;
}

/** raw_apply_options()'s checks of the window `offset`/`size` against the file's `realSize`. */
function checkWindow(realSize: number, offset: number, size: number | undefined): void {
  if (offset > realSize) {
    throw new BlockError('EINVAL', `Offset (${offset}) cannot be greater than size of the containing file (${realSize})`);
  }
  if (size !== undefined && realSize - offset < size) {
    throw new BlockError(
      'EINVAL',
      `The sum of offset (${offset}) and size (${size}) has to be smaller or equal to the  actual size of the containing file (${realSize})`,
    );
  }
  if (size !== undefined && size % 512 !== 0) throw new BlockError('EINVAL', 'Specified size is not multiple of 512');
}

/** raw_open()'s warning when the format was probed and the image is writable. */
function probeWarning(filename: string): string {
  return (
    `WARNING: Image format was not specified for '${filename}' and probing guessed raw.\n` +
    '         Automatically detecting the format is dangerous for raw images, write operations on block 0 will be restricted.\n' +
    "         Specify the 'raw' format explicitly to remove the restrictions."
  );
}

function child(node: BlockNode<RawState>): BlockNode {
  return node.state.file;
}

/** raw_adjust_offset(): keep requests inside the `size` window, then shift by `offset`. */
function adjust(s: RawState, offset: number, bytes: number, isWrite: boolean): number {
  if (s.size !== undefined && (offset > s.size || bytes > s.size - offset)) {
    throw BlockError.io(isWrite ? 'ENOSPC' : 'EINVAL');
  }
  return offset + s.offset;
}

export const rawDriver: BlockDriver<RawState> = {
  formatName: 'raw',
  isFormat: true,
  createOptions: [{ name: 'size', type: 'size', help: 'Virtual disk size' }],
  strongOptions: ['offset', 'size'],
  getInfoFromFile: true,

  probe() {
    // Anything can be raw; every other format outscores this.
    return 1;
  },

  async open(node, ctx) {
    const o = ctx.options;
    const offsetOpt = o.size('offset');
    const sizeOpt = o.size('size');
    const file = await ctx.openChild('file', {});
    if (!file) throw new BlockError('EINVAL', 'A block device must be specified for "file"');
    const offset = offsetOpt ?? 0;
    checkWindow(await nodeGetLength(file), offset, sizeOpt);
    const state: RawState = { file, offset, size: sizeOpt };
    if (ctx.probed && ctx.probeFormat) {
      state.probeFormat = ctx.probeFormat;
      node.limits.requestAlignment = Math.max(node.limits.requestAlignment, PROBE_SECTOR);
      if (!node.flags.readOnly) ctx.report?.(probeWarning(file.filename));
    }
    return state;
  },

  async reopenOptions(node, options) {
    const s = node.state;
    const offset = options['offset'] === undefined ? s.offset : Number(options['offset']);
    const size = options['size'] === undefined ? s.size : Number(options['size']);
    checkWindow(await nodeGetLength(s.file), offset, size);
    s.offset = offset;
    s.size = size;
    for (const k of ['offset', 'size'] as const) if (options[k] !== undefined) node.options[k] = String(options[k]);
  },

  reopenNotices(node, report) {
    if (node.state.probeFormat && !node.flags.readOnly) report(probeWarning(node.state.file.filename));
  },

  childRole(node) {
    // Without an offset or size window raw behaves like a filter; with one, its file is plain data.
    const offset = node.options['offset'];
    const windowed = (offset !== undefined && offset !== null && String(offset) !== '0') || (node.options['size'] ?? null) !== null;
    return windowed ? 'data' : 'filtered';
  },

  async close() {},

  async getLength(node) {
    const s = node.state;
    if (s.size !== undefined) return s.size;
    return Math.max(0, (await nodeGetLength(s.file)) - s.offset);
  },

  lengthNow(node) {
    const s = node.state;
    if (s.size !== undefined) return s.size;
    const file = nodeLengthNow(s.file);
    return file === undefined ? undefined : Math.max(0, file - s.offset);
  },

  async read(node, offset, buf) {
    const event = raiseEvent(child(node), 'read_aio');
    if (event) await event;
    await nodeReadInto(child(node), adjust(node.state, offset, buf.length, false), buf);
  },

  async write(node, offset, data, flags) {
    const s = node.state;
    const event = raiseEvent(s.file, 'write_aio');
    if (event) await event;
    if (s.probeFormat && offset < PROBE_SECTOR && data.length > 0) {
      if (s.probeFormat(data.subarray(0, PROBE_SECTOR)) !== 'raw') throw BlockError.io('EPERM');
    }
    await nodeWrite(child(node), adjust(s, offset, data.length, true), data, flags);
  },

  async writeZeroes(node, offset, bytes, flags) {
    await nodeWriteZeroes(child(node), adjust(node.state, offset, bytes, true), bytes, flags);
  },

  async discard(node, offset, bytes) {
    await nodeDiscard(child(node), adjust(node.state, offset, bytes, true), bytes);
  },

  blockStatus(node, _wantZero, offset, bytes) {
    const s = node.state;
    return { status: BDRV_BLOCK.RAW | BDRV_BLOCK.OFFSET_VALID, pnum: bytes, map: offset + s.offset, file: s.file };
  },

  async truncate(node, offset, exact, prealloc) {
    const s = node.state;
    if (s.size !== undefined) throw new BlockError('ENOTSUP', 'Cannot resize fixed-size raw disks');
    await nodeTruncate(s.file, offset + s.offset, exact, prealloc);
  },

  async getAllocatedFileSize(node) {
    const f = node.state.file;
    return f.driver.getAllocatedFileSize ? f.driver.getAllocatedFileSize(f) : undefined;
  },

  getClusterSize(node) {
    // raw_get_info passes the file's geometry through (raw over qcow2 shows its cluster size).
    const f = node.state.file;
    return f.driver.getClusterSize?.(f);
  },

  async create(filename, options, ctx) {
    await ctx.createFile(filename, options);
  },

  async reopen() {},
};
