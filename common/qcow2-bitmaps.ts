// qcow2 persistent-bitmap helpers for tests: describe the bitmaps extension, directory, tables and data on disk, and poke their fields.
import type { FileHelpers } from './files.ts';
import { EXT_BITMAPS, beToNumber, readExtensions, readField } from './qcow2.ts';

/** One directory entry as stored, with where it sits in the file. */
export interface StoredBitmap {
  at: number;
  tableOffset: number;
  tableSize: number;
  flags: number;
  type: number;
  granularityBits: number;
  nameSize: number;
  extraSize: number;
  name: string;
}

export interface StoredBitmaps {
  /** File offset of the extension's data (nb_bitmaps field). */
  extAt: number;
  extLength: number;
  nbBitmaps: number;
  directorySize: number;
  directoryOffset: number;
  entries: StoredBitmap[];
}

/** The bitmaps extension and its directory, or undefined without one. Reads at most 64 entries. */
export async function readStoredBitmaps(f: FileHelpers, name: string): Promise<StoredBitmaps | undefined> {
  const ext = (await readExtensions(f, name)).find((e) => e.type === EXT_BITMAPS);
  if (!ext) return undefined;
  const d = ext.data;
  const out: StoredBitmaps = {
    extAt: ext.offset + 8,
    extLength: d.length,
    nbBitmaps: beToNumber(d.subarray(0, 4)),
    directorySize: beToNumber(d.subarray(8, 16)),
    directoryOffset: beToNumber(d.subarray(16, 24)),
    entries: [],
  };
  const dir = await f.peek(name, out.directoryOffset, Math.min(out.directorySize, 1 << 20));
  for (let at = 0; at + 24 <= dir.length && out.entries.length < 64; ) {
    const nameSize = beToNumber(dir.subarray(at + 18, at + 20));
    const extraSize = beToNumber(dir.subarray(at + 20, at + 24));
    const nameAt = at + 24 + extraSize;
    out.entries.push({
      at: out.directoryOffset + at,
      tableOffset: beToNumber(dir.subarray(at, at + 8)),
      tableSize: beToNumber(dir.subarray(at + 8, at + 12)),
      flags: beToNumber(dir.subarray(at + 12, at + 16)),
      type: dir[at + 16]!,
      granularityBits: dir[at + 17]!,
      nameSize,
      extraSize,
      name: Buffer.from(dir.subarray(nameAt, nameAt + nameSize)).toString('utf8'),
    });
    at += Math.ceil((24 + extraSize + nameSize) / 8) * 8;
  }
  return out;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Non-zero bytes of a bitmap cluster as `byte N: xx` runs (at most 24 runs). */
function describeData(data: Uint8Array): string {
  const runs: string[] = [];
  for (let i = 0; i < data.length && runs.length < 24; i++) {
    if (!data[i]) continue;
    let j = i;
    while (j < data.length && data[j] && j - i < 16) j++;
    runs.push(`byte ${i}: ${Buffer.from(data.subarray(i, j)).toString('hex')}`);
    i = j - 1;
  }
  return runs.length ? runs.join(', ') : 'all zero';
}

/**
 * Lines describing the stored bitmaps: the autoclear bit, the extension, each entry (flags,
 * granularity, table) and each allocated table entry with the bytes its data cluster holds.
 */
export async function describeBitmaps(f: FileHelpers, name: string): Promise<string[]> {
  const version = await readField(f, name, 'version');
  const autoclear = version >= 3 ? await readField(f, name, 'autoclear_features') : 0;
  const b = await readStoredBitmaps(f, name);
  const lines = [`autoclear ${hex(autoclear)}`];
  if (!b) return [...lines, 'no bitmaps extension'];
  const cs = 2 ** (await readField(f, name, 'cluster_bits'));
  lines.push(`bitmaps ${b.nbBitmaps}, directory ${hex(b.directoryOffset)} size ${b.directorySize}`);
  for (const e of b.entries) {
    lines.push(`  '${e.name}' flags ${hex(e.flags)} granularity_bits ${e.granularityBits} table ${hex(e.tableOffset)} size ${e.tableSize}`);
    for (let i = 0; i < Math.min(e.tableSize, 4096); i++) {
      const raw = await f.peek(name, e.tableOffset + i * 8, 8);
      const v = beToNumber(raw);
      if (!v) continue;
      const off = v - (v % 512);
      const data = off ? describeData(await f.peek(name, off, cs)) : '';
      lines.push(`    [${i}] ${hex(v)} ${data}`);
    }
  }
  return lines;
}

/** Fields of the bitmaps extension and of the first directory entry that tests corrupt, as [where, width]. */
export async function bitmapFieldLocation(
  f: FileHelpers, name: string, field: string,
): Promise<[number, 1 | 2 | 4 | 8]> {
  const b = await readStoredBitmaps(f, name);
  if (!b) throw new Error(`${name}: no bitmaps extension`);
  const e = b.entries[0]!;
  const table: Record<string, [number, 1 | 2 | 4 | 8]> = {
    'ext.length': [b.extAt - 4, 4],
    'ext.nb_bitmaps': [b.extAt, 4],
    'ext.reserved': [b.extAt + 4, 4],
    'ext.directory_size': [b.extAt + 8, 8],
    'ext.directory_offset': [b.extAt + 16, 8],
    'entry.table_offset': [e.at, 8],
    'entry.table_size': [e.at + 8, 4],
    'entry.flags': [e.at + 12, 4],
    'entry.type': [e.at + 16, 1],
    'entry.granularity_bits': [e.at + 17, 1],
    'entry.name_size': [e.at + 18, 2],
    'entry.extra_data_size': [e.at + 20, 4],
    'table.0': [e.tableOffset, 8],
  };
  const loc = table[field];
  if (!loc) throw new Error(`unknown bitmap field ${field}`);
  return loc;
}

/** Overwrite a bitmap metadata field (see bitmapFieldLocation) of the first bitmap of `name`. */
export async function pokeBitmapField(f: FileHelpers, name: string, field: string, value: number | bigint): Promise<void> {
  const [at, width] = await bitmapFieldLocation(f, name, field);
  await f.pokeBE(name, at, value, width);
}
