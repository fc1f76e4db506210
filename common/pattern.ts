// Pattern I/O over ranges with a step (QEMU's common.pattern): qemu-io command lists and expected bytes.
import type { IoOptions, RunResult, TestContext } from './context.ts';

/** `count` requests of `size` bytes, starting at `start` and `step` bytes apart. */
export interface PatternRange {
  start: number;
  size: number;
  step: number;
  count: number;
  /** Pattern byte of the first request (default 0xa5); each next request adds patternStep, mod 256. */
  pattern?: number;
  /** Default 0: every request uses the same pattern byte. */
  patternStep?: number;
}

/**
 * What each request does. write/aio_write fill with the pattern; verify/aio_verify read and
 * compare with it (qemu-io `-P`); zero writes zeroes (`write -z`); verifyZero reads and expects
 * zeroes; discard discards; read just reads.
 */
export type PatternOp = 'write' | 'aio_write' | 'verify' | 'aio_verify' | 'zero' | 'verifyZero' | 'discard' | 'read';

/** The pattern byte of request `i`. */
export function patternByte(r: PatternRange, i: number): number {
  return ((r.pattern ?? 0xa5) + i * (r.patternStep ?? 0)) & 0xff;
}

/** The qemu-io commands for `op` over the range, one per request. */
export function patternCommands(op: PatternOp, r: PatternRange): string[] {
  const cmds: string[] = [];
  for (let i = 0; i < r.count; i++) {
    const at = `${r.start + i * r.step} ${r.size}`;
    const p = patternByte(r, i);
    switch (op) {
      case 'write':
      case 'aio_write':
        cmds.push(`${op} -P ${p} ${at}`);
        break;
      case 'verify':
        cmds.push(`read -P ${p} ${at}`);
        break;
      case 'aio_verify':
        cmds.push(`aio_read -P ${p} ${at}`);
        break;
      case 'zero':
        cmds.push(`write -z ${at}`);
        break;
      case 'verifyZero':
        cmds.push(`read -P 0 ${at}`);
        break;
      case 'discard':
        cmds.push(`discard ${at}`);
        break;
      case 'read':
        cmds.push(`read ${at}`);
        break;
    }
  }
  if (op === 'aio_write' || op === 'aio_verify') cmds.push('aio_flush');
  return cmds;
}

/** Run `op` over the range in one qemu-io invocation on the test image, printing its filtered output. */
export function ioPattern(t: TestContext, op: PatternOp, r: PatternRange, opts: IoOptions = {}): Promise<RunResult> {
  return t.io(patternCommands(op, r), opts);
}

/**
 * Write the pattern, then verify it, each in its own qemu-io run (so the verify sees what
 * reached the image, not a cache), printing both.
 */
export async function writeAndVerify(t: TestContext, r: PatternRange, opts: IoOptions = {}): Promise<void> {
  await ioPattern(t, 'write', r, opts);
  await ioPattern(t, 'verify', r, opts);
}

/**
 * The bytes `length` bytes of an image hold after `write` over the range on zeroed storage
 * (later requests win where they overlap); for checking a raw file directly.
 */
export function patternBuffer(r: PatternRange, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  for (let i = 0; i < r.count; i++) {
    const from = r.start + i * r.step;
    buf.fill(patternByte(r, i), Math.min(from, length), Math.min(from + r.size, length));
  }
  return buf;
}
