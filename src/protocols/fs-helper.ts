// A long-lived python3 helper per open file for the syscalls Node.js lacks: lseek(SEEK_DATA/SEEK_HOLE) and fallocate(2).
//
// Decision: QEMU's file-posix answers block status with SEEK_DATA/SEEK_HOLE and discards or
// zeroes with fallocate (PUNCH_HOLE, ZERO_RANGE). Node exposes none of them, so a file node
// starts one small helper on first need and talks to it line by line (one request, one answer,
// in order). It holds the event loop only while an answer is awaited (an idle helper never keeps
// a tool alive) and ends with the node's close or with the parent's exit (EOF on its stdin). When no python3 can run, every request answers
// undefined and callers fall back to portable code.

import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { childProcess } from '../util/builtins.ts';
import { parseExtents, perlExtents } from './perl-extents.ts';

const SCRIPT = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64]
path = sys.argv[1]
def fa(mode, off, ln):
    fd = os.open(path, os.O_RDWR)
    try:
        return 0 if libc.fallocate(fd, mode, off, ln) == 0 else ctypes.get_errno()
    finally:
        os.close(fd)
def extents():
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        off, out = 0, []
        while off < size:
            try:
                d = os.lseek(fd, off, os.SEEK_DATA)
            except OSError:
                break
            h = os.lseek(fd, d, os.SEEK_HOLE)
            out.append("%d %d" % (d, h))
            off = h
        return " ".join(out)
    finally:
        os.close(fd)
for line in sys.stdin:
    p = line.split()
    try:
        if p[0] == "extents":
            r = extents()
        elif p[0] == "punch":
            r = str(fa(3, int(p[1]), int(p[2])))
        elif p[0] == "alloc":
            r = str(fa(0, int(p[1]), int(p[2])))
        else:
            e = fa(0x10, int(p[1]), int(p[2]))
            if e in (95, 22):
                e = fa(3, int(p[1]), int(p[2]))
                if e == 0:
                    e = fa(0, int(p[1]), int(p[2]))
            r = str(e)
        sys.stdout.write("ok " + r + "\\n")
    except Exception as ex:
        sys.stdout.write("err\\n")
    sys.stdout.flush()
`;

/** The system interpreter when present (a version-manager shim costs ten times the start-up). */
function pythonBinary(): string {
  return ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p)) ?? 'python3';
}

export class FsHelper {
  private child?: ChildProcess;
  private dead = false;
  private buffer = '';
  private readonly waiting: Array<(answer: string | undefined) => void> = [];

  constructor(private readonly path: string) {}

  private start(): ChildProcess | undefined {
    if (this.dead) return undefined;
    if (this.child) return this.child;
    let child: ChildProcess;
    try {
      child = childProcess().spawn(pythonBinary(), ['-S', '-c', SCRIPT, this.path], { stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      this.dead = true;
      return undefined;
    }
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.onData(chunk));
    child.on('error', () => this.fail());
    child.on('exit', () => this.fail());
    child.stdin?.on('error', () => this.fail());
    this.child = child;
    return child;
  }

  /** Keep the event loop alive only while an answer is awaited, so an idle helper never holds a tool open. */
  private hold(on: boolean): void {
    const c = this.child;
    if (!c) return;
    const streams = [c.stdout, c.stdin] as unknown as Array<{ ref?: () => void; unref?: () => void } | null>;
    if (on) {
      c.ref();
      for (const st of streams) st?.ref?.();
    } else {
      c.unref();
      for (const st of streams) st?.unref?.();
    }
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.waiting.shift()?.(line.startsWith('ok') ? line.slice(3) : undefined);
    }
    if (this.waiting.length === 0) this.hold(false);
  }

  private fail(): void {
    this.dead = true;
    this.child = undefined;
    for (const w of this.waiting.splice(0)) w(undefined);
  }

  private request(line: string): Promise<string | undefined> {
    const child = this.start();
    if (!child?.stdin) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.hold(true);
      child.stdin!.write(`${line}\n`);
    });
  }

  /** SEEK_DATA/SEEK_HOLE over the whole file (a one-shot perl first, this helper else): sorted [start, end) data ranges, or undefined. */
  async dataExtents(): Promise<Array<[number, number]> | undefined> {
    if (!this.dead) {
      const viaPerl = await perlExtents(this.path);
      if (viaPerl) return viaPerl;
    }
    const answer = await this.request('extents');
    return answer === undefined ? undefined : parseExtents(answer);
  }

  /**
   * fallocate as file-posix uses it: 'punch' = PUNCH_HOLE|KEEP_SIZE, 'zero' = ZERO_RANGE else
   * punch + allocate, 'alloc' = mode 0. Resolves the errno (0 = done) or undefined (no helper).
   */
  async fallocate(op: 'punch' | 'zero' | 'alloc', offset: number, length: number): Promise<number | undefined> {
    const answer = await this.request(`${op} ${offset} ${length}`);
    return answer === undefined ? undefined : Number(answer);
  }

  /** End the helper (idempotent). */
  close(): void {
    const child = this.child;
    this.dead = true;
    this.child = undefined;
    if (child) {
      child.stdin?.end();
      child.kill();
    }
    for (const w of this.waiting.splice(0)) w(undefined);
  }
}
