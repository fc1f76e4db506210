// BufferedOut as glibc's full buffering: whole 4 KiB blocks go out as they fill, the rest on flush; and qemu-img's stdout ordering against stderr.
import { describe, expect, it } from 'vitest';
import { BufferedOut } from './buffered-out.ts';
import { makeContext } from './qemu-img/context.ts';
import type { ToolIO } from './io.ts';

/** One sink recording every write as it arrives, stdout and stderr interleaved. */
function sharedPipe() {
  const writes: string[] = [];
  const dec = new TextDecoder();
  const sink = (tag: string) => ({ write: (c: string | Uint8Array) => void writes.push(tag + (typeof c === 'string' ? c : dec.decode(c))) });
  return { writes, out: sink('1:'), err: sink('2:') };
}

describe('BufferedOut', () => {
  it('holds text back until a 4 KiB block fills, then sends whole blocks', () => {
    const pipe = sharedPipe();
    const b = new BufferedOut(pipe.out);
    b.write('x'.repeat(4000));
    expect(pipe.writes).toEqual([]);
    b.write('y'.repeat(5000));
    expect(pipe.writes.map((w) => w.length - 2)).toEqual([8192]);
    b.flush();
    expect(pipe.writes.map((w) => w.length - 2)).toEqual([8192, 808]);
    b.flush();
    expect(pipe.writes).toHaveLength(2);
  });
  it('drops what it holds on discard', () => {
    const pipe = sharedPipe();
    const b = new BufferedOut(pipe.out);
    b.write('lost');
    b.discard();
    b.flush();
    expect(pipe.writes).toEqual([]);
  });
});

describe("qemu-img's stdout", () => {
  const io = (pipe: ReturnType<typeof sharedPipe>, stdoutIsTTY?: boolean): ToolIO => ({
    stdout: pipe.out, stderr: pipe.err, stdin: null, env: {}, cwd: '/', stdoutIsTTY,
  });
  it('is overtaken by stderr when it is not a terminal, until flushed', () => {
    const pipe = sharedPipe();
    const ctx = makeContext(io(pipe), () => []);
    ctx.out('summary\n');
    ctx.error('late error');
    ctx.flushOut();
    expect(pipe.writes).toEqual(['2:qemu-img: late error\n', '1:summary\n']);
  });
  it('goes out line by line on a terminal', () => {
    const pipe = sharedPipe();
    const ctx = makeContext(io(pipe, true), () => []);
    ctx.out('summary\npartial');
    ctx.error('late error');
    ctx.flushOut();
    expect(pipe.writes).toEqual(['1:summary\n', '2:qemu-img: late error\n', '1:partial']);
  });
});
