// Host-file facts and operations Node.js lacks: data/hole extents (SEEK_DATA/SEEK_HOLE) and fallocate(2).
//
// Decision: Node.js exposes no lseek, no fallocate and no FIEMAP. QEMU's answers come from
// SEEK_DATA/SEEK_HOLE, so we ask the kernel the same question through a tiny python3 helper
// (one spawn per file per change; the result is cached by the caller until the next write).
// A file without blocks needs no spawn (all hole). Without python3 we fall back to scanning
// for all-zero filesystem blocks, which matches QEMU except that allocated blocks holding
// zeroes (and fallocated ones) show as holes.

import { execFile } from 'node:child_process';
import type { FileHandle } from 'node:fs/promises';

/** Sorted, disjoint [start, end) ranges that hold data; everything else up to EOF is a hole. */
export type DataExtents = ReadonlyArray<readonly [number, number]>;

const HELPER = `
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
size = os.fstat(fd).st_size
off = 0
out = []
while off < size:
    try:
        d = os.lseek(fd, off, os.SEEK_DATA)
    except OSError:
        break
    h = os.lseek(fd, d, os.SEEK_HOLE)
    out.append("%d %d" % (d, h))
    off = h
print("ok")
print("\\n".join(out))
`;

function runHelper(path: string): Promise<DataExtents | undefined> {
  return new Promise((resolve) => {
    execFile('python3', ['-c', HELPER, path], { timeout: 20000 }, (err, stdout) => {
      if (err || !stdout.startsWith('ok\n')) {
        resolve(undefined);
        return;
      }
      const out: [number, number][] = [];
      for (const line of stdout.split('\n').slice(1)) {
        const m = /^(\d+) (\d+)$/.exec(line.trim());
        if (m) out.push([Number(m[1]), Number(m[2])]);
      }
      resolve(out);
    });
  });
}

/** Fallback: filesystem blocks with any non-zero byte are data. */
async function scanExtents(fh: FileHandle, size: number, blockSize: number): Promise<DataExtents> {
  const out: [number, number][] = [];
  const chunk = Math.max(blockSize, 1 << 20) - (Math.max(blockSize, 1 << 20) % blockSize);
  const buf = new Uint8Array(chunk);
  for (let pos = 0; pos < size; pos += chunk) {
    const n = Math.min(chunk, size - pos);
    const { bytesRead } = await fh.read(buf, 0, n, pos);
    for (let b = 0; b < bytesRead; b += blockSize) {
      const end = Math.min(b + blockSize, bytesRead);
      let data = false;
      for (let i = b; i < end; i++) {
        if (buf[i] !== 0) {
          data = true;
          break;
        }
      }
      if (!data) continue;
      const s = pos + b;
      const e = Math.min(pos + b + blockSize, size);
      const last = out[out.length - 1];
      if (last && last[1] === s) last[1] = e;
      else out.push([s, e]);
    }
  }
  return out;
}

const FALLOC_HELPER = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64]
def fa(fd, mode, off, ln):
    return 0 if libc.fallocate(fd, mode, off, ln) == 0 else ctypes.get_errno()
fd = os.open(sys.argv[1], os.O_RDWR)
op, off, ln = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if op == "punch":
    e = fa(fd, 3, off, ln)
elif op == "alloc":
    e = fa(fd, 0, off, ln)
else:
    e = fa(fd, 0x10, off, ln)
    if e in (95, 22):
        e = fa(fd, 3, off, ln)
        if e == 0:
            e = fa(fd, 0, off, ln)
print("ok %d" % e)
`;

/**
 * fallocate(2) through the helper, as file-posix uses it: 'punch' = PUNCH_HOLE|KEEP_SIZE
 * (discard, write-zeroes with unmap), 'zero' = ZERO_RANGE, else punch + allocate (write-zeroes),
 * 'alloc' = mode 0 (preallocation=falloc). Resolves the errno (0 = done), or undefined when the
 * helper cannot run, so the caller falls back to writing zeroes.
 */
export function fallocateOp(path: string, op: 'punch' | 'zero' | 'alloc', offset: number, length: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('python3', ['-c', FALLOC_HELPER, path, op, String(offset), String(length)], { timeout: 60000 }, (err, stdout) => {
      const m = /^ok (\d+)/.exec(stdout ?? '');
      resolve(err || !m ? undefined : Number(m[1]));
    });
  });
}

/** Compute the data extents of the open file `fh` (at `path`). */
export async function findDataExtents(fh: FileHandle, path: string): Promise<DataExtents> {
  const st = await fh.stat();
  const size = st.size;
  if (size === 0 || st.blocks === 0) return [];
  const blk = st.blksize > 0 ? st.blksize : 4096;
  // No "fully allocated" shortcut: fallocated (unwritten) extents count in st_blocks yet are holes.
  const viaKernel = await runHelper(path);
  if (viaKernel) return viaKernel;
  return scanExtents(fh, size, blk);
}

/**
 * The answer find_allocation() gives for `offset`: data up to `end`, or a hole up to `end`
 * (`end` may be past EOF for a trailing hole; callers clamp).
 */
export function extentAt(extents: DataExtents, offset: number): { data: boolean; end: number } {
  for (const [s, e] of extents) {
    if (offset < s) return { data: false, end: s };
    if (offset < e) return { data: true, end: e };
  }
  return { data: false, end: Number.MAX_SAFE_INTEGER };
}
