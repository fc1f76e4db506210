// qemu-img check's report: the human summary, the --output=json object, and the exit status QEMU derives.

import { formatF } from '../../util/printf.ts';
import type { CheckResult } from '../../block/driver.ts';
import type { QJson } from './qjson.ts';

/** A finished check: the counters plus what -r repaired in a first pass. */
export interface CheckReport extends CheckResult {
  filename: string;
  format: string;
}

/** The documented statuses: 0 consistent, 1 internal errors, 2 corrupted, 3 leaks only. */
export function checkExitStatus(r: CheckResult): number {
  if (r.checkErrors) return 1;
  if (r.corruptions) return 2;
  if (r.leaks) return 3;
  return 0;
}

function pct(part: number, whole: number): string {
  return formatF((part * 100) / whole, 2);
}

/** The human text (dump_human_image_check). */
export function checkToHuman(r: CheckReport): string {
  let out = '';
  if (r.corruptions === 0 && r.leaks === 0 && r.checkErrors === 0) {
    out += 'No errors were found on the image.\n';
  } else {
    if (r.corruptions) {
      out += `\n${r.corruptions} errors were found on the image.\n`;
      out += 'Data may be corrupted, or further writes to the image may corrupt it.\n';
    }
    if (r.leaks) {
      out += `\n${r.leaks} leaked clusters were found on the image.\n`;
      out += 'This means waste of disk space, but no harm to data.\n';
    }
    if (r.checkErrors) out += `\n${r.checkErrors} internal errors have occurred during the check.\n`;
  }
  const b = r.bfi;
  if (b && b.totalClusters !== 0 && b.allocatedClusters !== 0) {
    out += `${b.allocatedClusters}/${b.totalClusters} = ${pct(b.allocatedClusters, b.totalClusters)}% allocated, `;
    out += `${pct(b.fragmentedClusters, b.allocatedClusters)}% fragmented, `;
    out += `${pct(b.compressedClusters, b.allocatedClusters)}% compressed clusters\n`;
  }
  if (r.imageEndOffset) out += `Image end offset: ${r.imageEndOffset}\n`;
  return out;
}

const nz = (n: number | undefined): number | undefined => (n ? n : undefined);

/** The ImageCheck object for --output=json: optional counters only when non-zero. */
export function checkToJson(r: CheckReport): QJson {
  return {
    filename: r.filename,
    format: r.format,
    'check-errors': r.checkErrors,
    'image-end-offset': nz(r.imageEndOffset),
    corruptions: nz(r.corruptions),
    leaks: nz(r.leaks),
    'corruptions-fixed': nz(r.corruptionsFixed),
    'leaks-fixed': nz(r.leaksFixed),
    'total-clusters': nz(r.bfi?.totalClusters),
    'allocated-clusters': nz(r.bfi?.allocatedClusters),
    'fragmented-clusters': nz(r.bfi?.fragmentedClusters),
    'compressed-clusters': nz(r.bfi?.compressedClusters),
  };
}

/** The lines -r prints before the double check, when the first pass fixed something. */
export function repairSummary(r: CheckResult): string {
  return (
    'The following inconsistencies were found and repaired:\n\n' +
    `    ${r.leaksFixed} leaked clusters\n` +
    `    ${r.corruptionsFixed} corruptions\n\n` +
    'Double checking the fixed image now...\n'
  );
}
