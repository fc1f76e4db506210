// The blkverify filter: every request goes to a raw reference copy and to the image under test; any divergence ends the process.
//
// Children: `raw` (the reference, opened at protocol level, e.g. a plain file) and `test` (the image
// under test, opened as an image: probed unless a driver is given). The guest-visible length is
// the test image's. Reads are compared byte for byte; the first mismatching byte, or return
// values that differ, is a FatalBlockError with QEMU's exact message (the tool exits 1).
//
// Beyond QEMU 7.2 (which aborts on write-zeroes and refuses compressed writes): write-zeroes and
// discards are mirrored to both children, compressed writes are compressed on `test` and plain on
// `raw`, and truncate resizes both (QEMU resizes only the raw copy).

import { BDRV_BLOCK, type BlockDriver, type QDict } from '../block/driver.ts';
import type { BlockNode } from '../block/node.ts';
import { BlockError, FatalBlockError } from '../block/errors.ts';
import { exactFilename } from '../block/filename.ts';
import { nodeDiscard, nodeFlush, nodeGetLength, nodeReadInto, nodeTruncate, nodeWrite, nodeWriteZeroes } from '../block/io.ts';

export interface BlkverifyState {
  raw: BlockNode;
  test: BlockNode;
}

const PREFIX = 'blkverify:';

/** The outcome of one child's request as QEMU compares them: 0 or -errno. */
async function outcome(p: Promise<unknown>): Promise<{ ret: number; error?: BlockError }> {
  try {
    await p;
    return { ret: 0 };
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    return { ret: -e.errnoValue(), error: e };
  }
}

/**
 * Run the same request on both children concurrently; differing return values are fatal,
 * an error both agree on is the request's error.
 */
async function both(op: string, offset: number, bytes: number, test: Promise<unknown>, raw: Promise<unknown>): Promise<void> {
  const [t, r] = await Promise.all([outcome(test), outcome(raw)]);
  if (t.ret !== r.ret) {
    throw new FatalBlockError(`blkverify: ${op} offset=${offset} bytes=${bytes} return value mismatch ${t.ret} != ${r.ret}`);
  }
  if (t.error) throw t.error;
}

/** Offset of the first byte where `a` and `b` differ, or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export const blkverifyDriver: BlockDriver<BlkverifyState> = {
  formatName: 'blkverify',
  protocolName: 'blkverify',
  supportsCompressedWrites: true,

  /** "blkverify:RAW:TEST": RAW up to the first ':', TEST (any filename, with its own prefixes) after it. */
  parseFilename(filename: string, options: QDict) {
    const rest = filename.startsWith(PREFIX) ? filename.slice(PREFIX.length) : filename;
    const colon = rest.indexOf(':');
    if (!filename.startsWith(PREFIX) || colon < 0) {
      throw new BlockError('EINVAL', 'blkverify requires raw copy and original image path');
    }
    options['x-raw'] = rest.slice(0, colon);
    options['x-image'] = rest.slice(colon + 1);
  },

  async open(node, ctx) {
    const rawName = ctx.options.string('x-raw');
    const testName = ctx.options.string('x-image');
    const raw = await ctx.openChild('raw', { filename: rawName });
    if (!raw) throw new BlockError('EINVAL', 'A block device must be specified for "raw"');
    const test = await ctx.openChild('test', { filename: testName, format: true });
    if (!test) throw new BlockError('EINVAL', 'A block device must be specified for "test"');
    return { raw, test };
  },

  async close() {},

  refreshFilename(node) {
    const raw = exactFilename(node.state.raw);
    const test = exactFilename(node.state.test);
    return raw !== undefined && raw !== '' && test !== undefined && test !== '' ? `${PREFIX}${raw}:${test}` : undefined;
  },

  async getLength(node) {
    return nodeGetLength(node.state.test);
  },

  async read(node, offset, buf) {
    const { raw, test } = node.state;
    const ref = new Uint8Array(buf.length);
    await both('read', offset, buf.length, nodeReadInto(test, offset, buf), nodeReadInto(raw, offset, ref));
    const at = firstDifference(buf, ref);
    if (at >= 0) {
      throw new FatalBlockError(`blkverify: read offset=${offset} bytes=${buf.length} contents mismatch at offset ${offset + at}`);
    }
  },

  async write(node, offset, data, flags) {
    const { raw, test } = node.state;
    // The reference copy stores what the guest sees: compressed data is plain data there.
    const rawFlags = { fua: flags.fua };
    await both('write', offset, data.length, nodeWrite(test, offset, data, flags), nodeWrite(raw, offset, data, rawFlags));
  },

  async writeZeroes(node, offset, bytes, flags) {
    const { raw, test } = node.state;
    await both('write-zeroes', offset, bytes, nodeWriteZeroes(test, offset, bytes, flags), nodeWriteZeroes(raw, offset, bytes, flags));
  },

  async discard(node, offset, bytes) {
    const { raw, test } = node.state;
    await both('discard', offset, bytes, nodeDiscard(test, offset, bytes), nodeDiscard(raw, offset, bytes));
  },

  /** As QEMU: only the image under test is flushed; the raw reference copy never is. */
  async flush(node) {
    await nodeFlush(node.state.test);
  },

  async blockStatus(_node, _wantZero, offset, bytes) {
    // As QEMU: the raw copy answers for the data (bs->file is the reference).
    return { status: BDRV_BLOCK.RAW | BDRV_BLOCK.OFFSET_VALID, pnum: bytes, map: offset, file: _node.state.raw };
  },

  async truncate(node, offset, exact, prealloc) {
    const { raw, test } = node.state;
    await nodeTruncate(test, offset, exact, prealloc);
    await nodeTruncate(raw, offset, exact, prealloc);
  },
};
