// The syscalls Node.js lacks, per open file: lseek(SEEK_DATA/SEEK_HOLE) and fallocate(2), by the native addon or a helper process.
//
// Decision: QEMU's file-posix answers block status with SEEK_DATA/SEEK_HOLE and discards or
// zeroes with fallocate (PUNCH_HOLE, ZERO_RANGE). Node exposes none of them. The native addon
// (util/native-addon.ts) answers on the file's own descriptor when it was built; else a file node
// starts one small helper on first need and talks to it line by line (one request, one answer,
// in order). It holds the event loop only while an answer is awaited (an idle helper never keeps
// a tool alive) and ends with the node's close or with the parent's exit (EOF on its stdin). When no helper can run
// (helper-scripts.ts: perl, else python3), every request answers undefined and callers fall back to portable code.

import type { ChildProcess } from 'node:child_process';
import { childProcess } from '../util/builtins.ts';
import { helperCommand } from './helper-scripts.ts';
import { parseExtents, perlExtents } from './perl-extents.ts';
import type { NativeAddon } from '../util/native-addon.ts';
import { ERRNO } from '../util/errno.ts';

/** fallocate(2) modes file-posix uses. */
const FALLOC = { alloc: 0, punch: 0x01 | 0x02, zeroRange: 0x10 } as const;

export class FsHelper {
  private child?: ChildProcess;
  private dead = false;
  private buffer = '';
  private readonly waiting: Array<(answer: string | undefined) => void> = [];

  /**
   * `fd` gives the file's current descriptor (a reopen replaces it); `native` is the addon, when
   * loaded (the helper processes open `path` themselves).
   */
  constructor(
    private readonly path: string,
    private readonly fd: () => number,
    private readonly native: NativeAddon | undefined,
  ) {}

  private start(): ChildProcess | undefined {
    if (this.dead) return undefined;
    if (this.child) return this.child;
    let child: ChildProcess;
    try {
      const { bin, args } = helperCommand(this.path);
      child = childProcess().spawn(bin, args, { stdio: ['pipe', 'pipe', 'ignore'] });
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
    const found = this.native?.extents(this.fd());
    if (Array.isArray(found)) {
      const out: Array<[number, number]> = [];
      for (let i = 0; i + 1 < found.length; i += 2) out.push([found[i]!, found[i + 1]!]);
      return out;
    }
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
    const e = this.nativeFallocate(op, offset, length);
    // A descriptor opened read-only (EBADF) is left to the helper, which opens the file for writing.
    if (e !== undefined && e !== ERRNO.EBADF) return e;
    const answer = await this.request(`${op} ${offset} ${length}`);
    return answer === undefined ? undefined : Number(answer);
  }

  /** fallocate through the addon (undefined without it); 'zero' falls back to punch + allocate where ZERO_RANGE is refused. */
  private nativeFallocate(op: 'punch' | 'zero' | 'alloc', offset: number, length: number): number | undefined {
    const n = this.native;
    if (!n) return undefined;
    const fd = this.fd();
    if (op !== 'zero') return n.fallocate(fd, FALLOC[op], offset, length);
    let e = n.fallocate(fd, FALLOC.zeroRange, offset, length);
    if (e === ERRNO.ENOTSUP || e === ERRNO.EINVAL) {
      e = n.fallocate(fd, FALLOC.punch, offset, length);
      if (e === 0) e = n.fallocate(fd, FALLOC.alloc, offset, length);
    }
    return e;
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
