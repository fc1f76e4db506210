// qemu-img map's entries: merging rule and the human / json line formats.

/** One extent as qemu-img map reports it (MapEntry). */
export interface MapEntry {
  start: number;
  /** `start` exactly, where it is past 2^53 (a --start-offset beyond the image). */
  startExact?: bigint;
  length: number;
  data: boolean;
  zero: boolean;
  depth: number;
  present: boolean;
  /** Host offset in `filename`, when the layer reported one. */
  offset?: number;
  /** Filename of the node holding the data, when known. */
  filename?: string;
}

/** Whether `next` extends `curr` (same properties, contiguous host offsets). */
export function entryMergeable(curr: MapEntry, next: MapEntry): boolean {
  if (curr.length === 0) return false;
  if (curr.zero !== next.zero || curr.data !== next.data || curr.depth !== next.depth) return false;
  if (curr.present !== next.present) return false;
  if ((curr.filename === undefined) !== (next.filename === undefined)) return false;
  if (curr.filename !== undefined && curr.filename !== next.filename) return false;
  if ((curr.offset === undefined) !== (next.offset === undefined)) return false;
  if (curr.offset !== undefined && curr.offset + curr.length !== next.offset) return false;
  return true;
}

/** C's "%#-16" PRIx64: 0x-prefixed hex (plain "0" for zero), left-justified in 16 columns. */
function hexCol(n: number): string {
  return (n === 0 ? '0' : '0x' + n.toString(16)).padEnd(16);
}

export const HUMAN_MAP_HEADER = 'Offset          Length          Mapped to       File\n';

/** The human line for an entry, '' when the entry is not shown (no data, or zero). */
export function mapEntryHuman(e: MapEntry): string {
  if (!e.data || e.zero) return '';
  return `${hexCol(e.start)}${hexCol(e.length)}${hexCol(e.offset ?? 0)}${e.filename ?? ''}\n`;
}

/** The json object text for an entry (without the separator that follows it). */
/** An integer as QEMU's int64 prints it: past 2^53 the exact value of the double, not its shortest spelling. */
function intText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

export function mapEntryJson(e: MapEntry): string {
  let s = `{ "start": ${e.startExact ?? intText(e.start)}, "length": ${intText(e.length)}, "depth": ${e.depth}, "present": ${e.present}, `;
  s += `"zero": ${e.zero}, "data": ${e.data}`;
  if (e.offset !== undefined) s += `, "offset": ${intText(e.offset)}`;
  return s + '}';
}
