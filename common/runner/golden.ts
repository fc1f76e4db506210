// Golden file lookup: golden/NNN.out.<fmt> where a format really differs, else golden/NNN.out.

import { join } from 'node:path';

/**
 * The golden file a test's output is compared with (and --regen rewrites): the format-specific
 * one when it exists, else the generic one (which may not exist yet).
 */
export function findGolden(goldenDir: string, test: string, imgfmt: string, exists: (path: string) => boolean): string {
  const specific = join(goldenDir, `${test}.out.${imgfmt}`);
  return exists(specific) ? specific : join(goldenDir, `${test}.out`);
}
