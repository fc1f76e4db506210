// A strict unified diff of golden vs actual output, truncated for the terminal with a pointer to the whole.

import { structuredPatch } from 'diff';

/** Unified diff lines (`--- a`, `+++ b`, hunks); empty when the texts are identical. */
export function unifiedDiff(oldName: string, newName: string, oldText: string, newText: string): string[] {
  if (oldText === newText) return [];
  const patch = structuredPatch(oldName, newName, oldText, newText, undefined, undefined, { context: 3 });
  const lines = [`--- ${oldName}`, `+++ ${newName}`];
  for (const h of patch.hunks) {
    lines.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    lines.push(...h.lines);
  }
  return lines;
}

/** diff -u's hunk range: "start,count", "start" alone for one line, "start-1,0" for none. */
function range(start: number, count: number): string {
  if (count === 1) return String(start);
  return `${count === 0 ? start - 1 : start},${count}`;
}

/**
 * At most `maxLines` lines of `lines`; when cut, a last line says how much is missing and the
 * command that shows the whole diff.
 */
export function truncateDiff(lines: readonly string[], maxLines: number, wholeCommand: string): string[] {
  if (lines.length <= maxLines) return [...lines];
  const rest = lines.length - maxLines;
  return [...lines.slice(0, maxLines), `[... ${rest} more diff line${rest === 1 ? '' : 's'}; the whole diff: ${wholeCommand}]`];
}
