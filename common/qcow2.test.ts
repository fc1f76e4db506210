// Unit tests for the qcow2 test helpers on a hand-built v3 header.
import { describe, expect, it, onTestFinished } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileHelpers } from './files.ts';
import { addExtension, describeExtensions, entryOffset, pokeField, readEntry, readExtensions, readField } from './qcow2.ts';

async function makeHeader(f: FileHelpers): Promise<void> {
  const h = new Uint8Array(512);
  const dv = new DataView(h.buffer);
  dv.setUint32(0, 0x514649fb);
  dv.setUint32(4, 3);
  dv.setUint32(20, 16);
  dv.setUint32(100, 104);
  dv.setUint32(104, 0xe2792aca); // backing format extension "raw"
  dv.setUint32(108, 3);
  h.set([0x72, 0x61, 0x77], 112);
  // end marker at 120; backing name "b.img" at 128
  h.set([0x62, 0x2e, 0x69, 0x6d, 0x67], 128);
  dv.setUint32(12, 128);
  dv.setUint32(16, 5);
  await f.writeFile('h.qcow2', h);
}

describe('qcow2 test helpers', () => {
  it('reads fields and extensions, and inserts an extension keeping the backing name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qcow2-helpers-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const f = new FileHelpers(dir);
    await makeHeader(f);
    expect(await readField(f, 'h.qcow2', 'version')).toBe(3);
    expect(await describeExtensions(f, 'h.qcow2')).toEqual(['ext 0xe2792aca length 3']);
    await addExtension(f, 'h.qcow2', 0x12345678, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const exts = await readExtensions(f, 'h.qcow2');
    expect(exts.map((e) => e.type)).toEqual([0xe2792aca, 0x12345678]);
    expect(Array.from(exts[1].data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const boff = await readField(f, 'h.qcow2', 'backing_file_offset');
    expect(boff).toBe(120 + 8 + 16 + 8);
    expect(new TextDecoder().decode(await f.peek('h.qcow2', boff, 5))).toBe('b.img');
    await pokeField(f, 'h.qcow2', 'l1_table_offset', 0x30000);
    expect(await readField(f, 'h.qcow2', 'l1_table_offset')).toBe(0x30000);
    await f.pokeBE('h.qcow2', 0x30008, 0x8000000000050000n, 8);
    expect(entryOffset(await readEntry(f, 'h.qcow2', 0x30000, 1))).toBe(0x50000);
  });
});
