// The programs behind FsHelper: one line protocol ("extents", "punch|alloc|zero OFF LEN"), spoken by a perl script or a python3 one.
//
// Decision: perl starts in a few milliseconds where python3 with ctypes takes 40-120 ms, and
// qemu-io pays that on the first partial-cluster write of a qcow2 image (QEMU zeroes the rest of
// the cluster with fallocate). perl reaches fallocate(2) through syscall(), whose number depends
// on the architecture, so perl serves the two where it is known and python3 every other one.
// Both answer "ok <result>" or "err" per request line, in order.

import { existsSync } from 'node:fs';

/** fallocate(2)'s system call number, where perl's syscall() can be used for it. */
const SYS_FALLOCATE: Partial<Record<NodeJS.Architecture, number>> = { x64: 285, arm64: 47 };

/**
 * perl's extents(): "start end start end ..." for the data of the file at $path (sysseek passes
 * whence as given: 3 is SEEK_DATA and 4 SEEK_HOLE on Linux); dies when the file cannot be read.
 */
export const PERL_EXTENTS = `
sub extents {
  open(my $fh, '<', $path) or die;
  my ($size, $off, @out) = (-s $fh, 0);
  while ($off < $size) {
    my $d = sysseek($fh, $off, 3);
    last unless defined $d;
    my $h = sysseek($fh, $d, 4);
    die unless defined $h;
    push @out, ($d + 0) . ' ' . ($h + 0);
    $off = $h;
  }
  close($fh);
  return join(' ', @out);
}
`;

/** fallocate modes: PUNCH_HOLE|KEEP_SIZE = 3, ZERO_RANGE = 0x10; "zero" falls back to punch + allocate where ZERO_RANGE is refused. */
const PERL_SCRIPT = `
use strict;
my ($path, $nr) = @ARGV;
$| = 1;
sub fa {
  my ($mode, $off, $len) = @_;
  open(my $fh, '+<', $path) or return $! + 0;
  my $r = syscall($nr + 0, fileno($fh) + 0, $mode + 0, $off + 0, $len + 0);
  my $e = $r == 0 ? 0 : $! + 0;
  close($fh);
  return $e;
}
${PERL_EXTENTS}while (my $line = <STDIN>) {
  my @p = split ' ', $line;
  my $r = eval {
    if ($p[0] eq 'extents') { extents() }
    elsif ($p[0] eq 'punch') { fa(3, $p[1], $p[2]) }
    elsif ($p[0] eq 'alloc') { fa(0, $p[1], $p[2]) }
    else {
      my $e = fa(0x10, $p[1], $p[2]);
      if ($e == 95 || $e == 22) {
        $e = fa(3, $p[1], $p[2]);
        $e = fa(0, $p[1], $p[2]) if $e == 0;
      }
      $e;
    }
  };
  print defined $r ? "ok $r\\n" : "err\\n";
}
`;

const PYTHON_SCRIPT = `
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

/** The first of `paths` that exists. */
function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}

/**
 * How to start the helper for the file at `path`: perl where its syscall() can reach fallocate,
 * else python3 (the system interpreter when present: a version-manager shim costs ten times the
 * start-up).
 */
export function helperCommand(path: string, arch: NodeJS.Architecture = process.arch): { bin: string; args: string[] } {
  const nr = SYS_FALLOCATE[arch];
  const perl = nr === undefined ? undefined : firstExisting(['/usr/bin/perl', '/bin/perl']);
  if (perl) return { bin: perl, args: ['-e', PERL_SCRIPT, path, String(nr)] };
  const python = firstExisting(['/usr/bin/python3', '/usr/local/bin/python3']) ?? 'python3';
  return { bin: python, args: ['-S', '-c', PYTHON_SCRIPT, path] };
}
