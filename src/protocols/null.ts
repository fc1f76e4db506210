// The null-co and null-aio protocols: a disk of a given size that discards writes and reads nothing (or zeroes).

import { BDRV_BLOCK, type BlockDriver } from '../block/driver.ts';
import { BlockError } from '../block/errors.ts';

/** null-co's default size: 1 GiB. */
const DEFAULT_SIZE = 1 << 30;

export interface NullState {
  size: number;
  /** read-zeroes=on: reads fill the buffer with zeroes; off leaves the caller's buffer untouched. */
  readZeroes: boolean;
  latencyNs: number;
}

const sleepNs = (ns: number): Promise<void> => new Promise((r) => setTimeout(r, Math.ceil(ns / 1e6)));

/** One driver table for both names; they differ only in QEMU's completion mechanism. */
function nullDriver(name: 'null-co' | 'null-aio'): BlockDriver<NullState> {
  return {
    formatName: name,
    protocolName: name,
    strongOptions: ['size', 'read-zeroes'],
    lacksGetInfo: true,

    parseFilename(filename) {
      // The filename only selects the driver; nothing else may follow the prefix.
      if (filename !== `${name}://`) throw new BlockError('EINVAL', `The only allowed filename for this driver is '${name}://'`);
    },

    async open(_node, ctx) {
      const o = ctx.options;
      const size = o.size('size') ?? DEFAULT_SIZE;
      // An unsigned option read back as int64: values from 2^63 up ("-1" too) are negative there.
      const latency = o.number('latency-ns') ?? 0;
      if (latency >= 2 ** 63) throw new BlockError('EINVAL', 'latency-ns is invalid');
      return { size, readZeroes: o.bool('read-zeroes') ?? false, latencyNs: latency };
    },

    async close() {},

    async getLength(node) {
      return node.state.size;
    },

    async read(node, _offset, buf) {
      if (node.state.latencyNs) await sleepNs(node.state.latencyNs);
      if (node.state.readZeroes) buf.fill(0);
    },

    async write(node) {
      if (node.state.latencyNs) await sleepNs(node.state.latencyNs);
    },

    async blockStatus(node, _wantZero, offset, bytes) {
      return { status: BDRV_BLOCK.OFFSET_VALID | (node.state.readZeroes ? BDRV_BLOCK.ZERO : 0), pnum: bytes, map: offset, file: node };
    },

    async getAllocatedFileSize() {
      return 0;
    },

    refreshFilename(node) {
      const strong = ['size', 'read-zeroes'].some((k) => node.options[k] !== undefined);
      return strong ? undefined : `${name}://`;
    },
  };
}

export const nullCoDriver = nullDriver('null-co');
export const nullAioDriver = nullDriver('null-aio');
