// SEEK_DATA/SEEK_HOLE through a one-shot perl: the data extents of a host file, at a quarter of python's start-up cost.
//
// Block status of a file is asked far more often than fallocate is needed (every convert and map
// of a raw image), and perl (part of every Debian-like base system) starts in ~3 ms where python3
// takes ~15 ms. perl's sysseek passes the whence value to lseek(2) as given: 3 is SEEK_DATA and
// 4 SEEK_HOLE on Linux (the scan is helper-scripts.ts's). Anything unexpected answers undefined and the
// caller asks the file helper.

import { existsSync } from 'node:fs';
import { childProcess } from '../util/builtins.ts';
import { PERL_EXTENTS } from './helper-scripts.ts';

/** Prints "start end start end ...": the data ranges up to EOF; exit 2 when the file cannot be scanned. */
const SCRIPT = `
my $path = $ARGV[0];
${PERL_EXTENTS}
my $r = eval { extents() };
exit 2 unless defined $r;
print $r, "\\n";
`;

/** "a b c d" as [[a, b], [c, d]]. */
export function parseExtents(answer: string): Array<[number, number]> {
  const nums = answer.trim() === '' ? [] : answer.trim().split(' ').map(Number);
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < nums.length; i += 2) out.push([nums[i]!, nums[i + 1]!]);
  return out;
}

/** The data extents of the file at `path`, or undefined when perl is missing or fails. */
export function perlExtents(path: string): Promise<Array<[number, number]> | undefined> {
  const perl = ['/usr/bin/perl', '/bin/perl'].find((p) => existsSync(p));
  if (!perl) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let out = '';
    try {
      const child = childProcess().spawn(perl, ['-e', SCRIPT, path], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => (out += chunk));
      child.on('error', () => resolve(undefined));
      child.on('close', (code) => resolve(code === 0 && out.endsWith('\n') ? parseExtents(out) : undefined));
    } catch {
      resolve(undefined);
    }
  });
}
