// qcow2 on-disk helpers for tests: read and poke header fields, header extensions and table entries.
import { promises as fsp } from 'node:fs';
import type { FileHelpers } from './files.ts';

/** Header fields (docs/interop/qcow2.txt): byte offset and width. */
export const HEADER_FIELDS = {
  magic: [0, 4],
  version: [4, 4],
  backing_file_offset: [8, 8],
  backing_file_size: [16, 4],
  cluster_bits: [20, 4],
  size: [24, 8],
  crypt_method: [32, 4],
  l1_size: [36, 4],
  l1_table_offset: [40, 8],
  refcount_table_offset: [48, 8],
  refcount_table_clusters: [56, 4],
  nb_snapshots: [60, 4],
  snapshots_offset: [64, 8],
  incompatible_features: [72, 8],
  compatible_features: [80, 8],
  autoclear_features: [88, 8],
  refcount_order: [96, 4],
  header_length: [100, 4],
} as const satisfies Record<string, readonly [number, 4 | 8]>;

export type HeaderField = keyof typeof HEADER_FIELDS;

/** Well-known header extension types. */
export const EXT_BACKING_FORMAT = 0xe2792aca;
export const EXT_FEATURE_TABLE = 0x6803f857;
export const EXT_BITMAPS = 0x23852875;

/** Big-endian unsigned integer of `bytes` as a number (all test values stay below 2^53). */
export function beToNumber(bytes: Uint8Array): number {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return Number(v);
}

/** One header field of the qcow2 file `name`. */
export async function readField(f: FileHelpers, name: string, field: HeaderField): Promise<number> {
  const [off, width] = HEADER_FIELDS[field];
  return beToNumber(await f.peek(name, off, width));
}

/** Overwrite one header field of the qcow2 file `name`. */
export async function pokeField(f: FileHelpers, name: string, field: HeaderField, value: number | bigint): Promise<void> {
  const [off, width] = HEADER_FIELDS[field];
  await f.pokeBE(name, off, value, width);
}

/** Where the header extensions start: header_length for v3, 72 for v2. */
async function extensionsStart(f: FileHelpers, name: string): Promise<number> {
  return (await readField(f, name, 'version')) >= 3 ? readField(f, name, 'header_length') : 72;
}

export interface HeaderExtension {
  type: number;
  data: Uint8Array;
  /** File offset of the extension's type field. */
  offset: number;
}

/** The header extensions of `name`, up to (not including) the end marker. */
export async function readExtensions(f: FileHelpers, name: string): Promise<HeaderExtension[]> {
  const exts: HeaderExtension[] = [];
  let off = await extensionsStart(f, name);
  // Extensions live in the first cluster; 64 is far more than any valid image carries.
  for (let i = 0; i < 64; i++) {
    const head = await f.peek(name, off, 8);
    const type = beToNumber(head.subarray(0, 4));
    if (head.length < 8 || type === 0) break;
    const len = beToNumber(head.subarray(4, 8));
    exts.push({ type, data: await f.peek(name, off + 8, len), offset: off });
    off += 8 + Math.ceil(len / 8) * 8;
  }
  return exts;
}

/** Lines `ext 0x6803f857 length 288` describing the header extensions, for the transcript. */
export async function describeExtensions(f: FileHelpers, name: string): Promise<string[]> {
  if (!(await f.exists(name))) return [`${name}: no such file`];
  return (await readExtensions(f, name)).map((e) => `ext 0x${e.type.toString(16).padStart(8, '0')} length ${e.data.length}`);
}

/**
 * Insert a header extension after the existing ones, keeping the backing file name (moved
 * behind the new extension) intact. The caller keeps it within the first cluster.
 */
export async function addExtension(f: FileHelpers, name: string, type: number, data: Uint8Array): Promise<void> {
  const exts = await readExtensions(f, name);
  const start = await extensionsStart(f, name);
  const last = exts[exts.length - 1];
  const end = last === undefined ? start : last.offset + 8 + Math.ceil(last.data.length / 8) * 8;
  const boff = await readField(f, name, 'backing_file_offset');
  const bsize = await readField(f, name, 'backing_file_size');
  const backing = boff !== 0 ? await f.peek(name, boff, bsize) : new Uint8Array(0);
  const padded = Math.ceil(data.length / 8) * 8;
  const rec = new Uint8Array(8 + padded + 8);
  const dv = new DataView(rec.buffer);
  dv.setUint32(0, type);
  dv.setUint32(4, data.length);
  rec.set(data, 8);
  await f.poke(name, end, rec);
  if (boff !== 0) {
    const nboff = end + rec.length;
    await f.poke(name, nboff, backing);
    await pokeField(f, name, 'backing_file_offset', nboff);
  }
}

/** Entry `index` of the 64-bit big-endian table at `tableOffset` (L1, L2 or refcount table). */
export async function readEntry(f: FileHelpers, name: string, tableOffset: number, index: number): Promise<bigint> {
  const b = await f.peek(name, tableOffset + index * 8, 8);
  return BigInt(beToNumber(b.subarray(0, 4))) * 0x100000000n + BigInt(beToNumber(b.subarray(4, 8)));
}

/** Overwrite entry `index` of the 64-bit table at `tableOffset`. */
export async function pokeEntry(f: FileHelpers, name: string, tableOffset: number, index: number, v: bigint): Promise<void> {
  await f.pokeBE(name, tableOffset + index * 8, v, 8);
}

/** Bits 9..55 of an L1/L2/refcount-table entry: the host offset it points to. */
export function entryOffset(entry: bigint): number {
  return Number(entry & 0x00fffffffffffe00n);
}

/** Bit 63 of an L1/L2 entry (QCOW_OFLAG_COPIED). */
export const OFLAG_COPIED = 1n << 63n;

/** Host offset of the L2 table that L1 entry `l1Index` points to (0 when unallocated). */
export async function l2TableOffset(f: FileHelpers, name: string, l1Index: number): Promise<number> {
  const l1 = await readField(f, name, 'l1_table_offset');
  return entryOffset(await readEntry(f, name, l1, l1Index));
}

/** File offset of the refcount block entry (16-bit refcounts) for host cluster `cluster`, default refcount_bits only. */
export async function refcount16Offset(f: FileHelpers, name: string, cluster: number): Promise<number> {
  const bits = await readField(f, name, 'cluster_bits');
  const perBlock = (1 << bits) / 2;
  const rt = await readField(f, name, 'refcount_table_offset');
  const block = entryOffset(await readEntry(f, name, rt, Math.floor(cluster / perBlock)));
  return block + (cluster % perBlock) * 2;
}

/** Lines `name: value` for the given header fields (hex for offsets and feature bits). */
export async function describeHeader(f: FileHelpers, name: string, fields: HeaderField[]): Promise<string[]> {
  // A tool that failed to create the image must make the test fail by its output, not crash it.
  if (!(await f.exists(name))) return [`${name}: no such file`];
  const out: string[] = [];
  for (const field of fields) {
    const v = await readField(f, name, field);
    const hex = /offset|features|magic/.test(field);
    out.push(`${field}: ${hex ? `0x${v.toString(16)}` : v}`);
  }
  return out;
}

/** Human `qemu-img info` with only the host-dependent `disk size` line removed (format-specific block kept). */
export const infoDiskSizeFilter = (text: string): string => text.replace(/^disk size: .*\n?/gm, '');

/** JSON `qemu-img info`: `"actual-size": N` (host-dependent) becomes `"actual-size": SIZE`. */
export const infoJsonActualSizeFilter = (text: string): string => text.replace(/"actual-size": \d+/g, '"actual-size": SIZE');

/** What the create helpers need from the test context (kept structural to avoid a cycle). */
interface CreatesImages {
  qemuImg(args: string[], opts?: { status?: boolean | 'always' }): Promise<unknown>;
  io(cmds: string[], opts: { img: string }): Promise<unknown>;
  path(name: string): string;
}

/** `qemu-img create -f qcow2 [-o opts] NAME [SIZE]` (no size when '') with the full (path-filtered) Formatting line and status. */
export async function createQcow2(t: CreatesImages, name: string, size: string | number, opts = ''): Promise<void> {
  const args = ['create', '-f', 'qcow2', ...(opts === '' ? [] : ['-o', opts]), t.path(name)];
  if (size !== '') args.push(String(size));
  await t.qemuImg(args, { status: true });
}

/**
 * A 1 MiB qcow2 `name` with 4 KiB clusters (its Formatting line printed): the qemu-io commands
 * `before` run, snapshot `s1` taken, then `after` run (so what `after` writes only the active tree holds).
 */
export async function createWithSnapshot(t: CreatesImages, name: string, before: string[], after: string[]): Promise<void> {
  const img = t.path(name);
  await createQcow2(t, name, '1M', 'cluster_size=4k');
  await t.io(before, { img });
  await t.qemuImg(['snapshot', '-c', 's1', img]);
  await t.io(after, { img });
}

/** Create the subdirectory `name` of TEST_DIR (and its parents). */
export async function makeDir(f: FileHelpers, name: string): Promise<void> {
  await fsp.mkdir(f.path(name), { recursive: true });
}
