// Test helpers for qcow2 images with extended L2 entries: print and poke 128-bit L2 entries (entry + subcluster bitmap).
import type { FileHelpers } from './files.ts';
import type { TestContext } from './context.ts';
import { beToNumber, l2TableOffset, readField } from './qcow2.ts';

const hex = (v: bigint | number, width: number): string => `0x${v.toString(16).padStart(width, '0')}`;

/** Every non-empty extended L2 entry of the L2 table for `l1Index`, one line each: entry, allocation and zero bitmaps. */
export async function describeExtendedL2(f: FileHelpers, name: string, l1Index = 0): Promise<string[]> {
  const l2 = await l2TableOffset(f, name, l1Index);
  if (!l2) return [`L1[${l1Index}]: no L2 table`];
  const cs = 2 ** (await readField(f, name, 'cluster_bits'));
  const table = await f.peek(name, l2, cs);
  const lines: string[] = [];
  for (let i = 0; i < cs / 16; i++) {
    const w = (k: number): number => beToNumber(table.subarray(i * 16 + k * 4, i * 16 + k * 4 + 4));
    const entry = (BigInt(w(0)) << 32n) | BigInt(w(1));
    if (entry === 0n && w(2) === 0 && w(3) === 0) continue;
    lines.push(`L2[${i}]: entry ${hex(entry, 16)} alloc ${hex(w(3), 8)} zero ${hex(w(2), 8)}`);
  }
  return lines.length ? lines : ['(all entries empty)'];
}

/** Overwrite the subcluster bitmap of extended L2 entry `index` in the L2 table for `l1Index`. */
export async function pokeBitmap(f: FileHelpers, name: string, index: number, alloc: number, zero: number, l1Index = 0): Promise<void> {
  const l2 = await l2TableOffset(f, name, l1Index);
  await f.pokeBE(name, l2 + index * 16 + 8, zero, 4);
  await f.pokeBE(name, l2 + index * 16 + 12, alloc, 4);
}

/** Overwrite the first 64 bits of extended L2 entry `index` in the L2 table for `l1Index`. */
export async function pokeExtendedEntry(f: FileHelpers, name: string, index: number, entry: bigint, l1Index = 0): Promise<void> {
  const l2 = await l2TableOffset(f, name, l1Index);
  await f.pokeBE(name, l2 + index * 16, entry, 8);
}

/**
 * `qemu-img map` (json, or human with `human`) of an image; with 2 MiB clusters qemu-io's map instead. There QEMU's
 * block status asks the host file for holes whenever its metadata-preallocation guess says so, a guess made from the
 * file's allocated blocks, which vary with the host file system's timing: real QEMU's own output is not repeatable.
 */
export async function mapImage(t: TestContext, img: string, clusterSize: string, human = false): Promise<void> {
  if (clusterSize === '2M') await t.io(['map'], { img });
  else await t.qemuImg(human ? ['map', img] : ['map', '--output=json', img]);
}
