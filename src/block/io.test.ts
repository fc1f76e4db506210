import { describe, expect, it } from 'vitest';
import type { BlockDriver } from './driver.ts';
import { BDRV_BLOCK } from './driver.ts';
import type { BlockNode, OpenFlags } from './node.ts';
import { defaultLimits } from './open-generic.ts';
import { DEFAULT_FLAGS } from './open.ts';
import { nodeDiscard, nodeGetLength, nodeRead, nodeWrite, nodeWriteZeroes } from './io.ts';
import { nodeBlockStatus, nodeBlockStatusAbove, nodeIsAllocatedAbove } from './block-status.ts';
import { Backend } from './backend.ts';
import { BlockError } from './errors.ts';

interface Mem {
  data: Uint8Array;
  ops: string[];
}

/** A memory-backed protocol that logs every request it sees. */
const memDriver: BlockDriver<Mem> = {
  formatName: 'mem',
  protocolName: 'mem',
  async open() {
    throw new Error('not used');
  },
  async close() {},
  async getLength(n) {
    return n.state.data.length;
  },
  async read(n, off, buf) {
    n.state.ops.push(`r ${off} ${buf.length}`);
    buf.set(n.state.data.subarray(off, off + buf.length));
  },
  async write(n, off, data) {
    n.state.ops.push(`w ${off} ${data.length}`);
    n.state.data.set(data, off);
  },
};

function memNode(size: number, flags: Partial<OpenFlags> = {}, align = 1, driver: BlockDriver<Mem> = memDriver): BlockNode<Mem> {
  const limits = defaultLimits();
  limits.requestAlignment = align;
  return {
    driver,
    state: { data: new Uint8Array(size), ops: [] },
    nodeName: 'm',
    filename: 'mem',
    options: {},
    flags: { ...DEFAULT_FLAGS, ...flags },
    children: new Map(),
    limits,
    backingFile: '',
    backingFormat: '',
  };
}

describe('request path', () => {
  it('does read-modify-write for unaligned writes', async () => {
    const n = memNode(4096, {}, 512);
    n.state.data.fill(7);
    await nodeWrite(n as BlockNode, 100, new Uint8Array(10).fill(1));
    expect(n.state.ops).toEqual(['r 0 512', 'w 0 512']);
    expect(n.state.data[99]).toBe(7);
    expect(n.state.data[100]).toBe(1);
    expect(n.state.data[110]).toBe(7);
  });
  it('splits requests at maxTransfer', async () => {
    const n = memNode(4096);
    n.limits.maxTransfer = 1024;
    await nodeRead(n as BlockNode, 0, 3000);
    expect(n.state.ops).toEqual(['r 0 1024', 'r 1024 1024', 'r 2048 952']);
  });
  it('zero-fills past the end of the node', async () => {
    const n = memNode(1000);
    n.state.data.fill(9);
    const buf = await nodeRead(n as BlockNode, 900, 300);
    expect(buf[99]).toBe(9);
    expect(buf[100]).toBe(0);
    expect(n.state.ops).toEqual(['r 900 100']);
  });
  it('rounds lengths up to sectors', async () => {
    expect(await nodeGetLength(memNode(1000) as BlockNode)).toBe(1024);
  });
  it('refuses writes on read-only nodes with EPERM', async () => {
    await expect(nodeWrite(memNode(512, { readOnly: true }) as BlockNode, 0, new Uint8Array(1))).rejects.toThrow('Operation not permitted');
  });
  it('rejects negative offsets with EIO', async () => {
    await expect(nodeRead(memNode(512) as BlockNode, -1, 1)).rejects.toThrow('Input/output error');
  });
  it('falls back to writing zeroes, or fails with ENOTSUP under noFallback', async () => {
    const n = memNode(2048);
    n.state.data.fill(3);
    await nodeWriteZeroes(n as BlockNode, 512, 1024);
    expect(n.state.data[511]).toBe(3);
    expect(n.state.data[512]).toBe(0);
    expect(n.state.data[1535]).toBe(0);
    await expect(nodeWriteZeroes(n as BlockNode, 0, 512, { noFallback: true })).rejects.toThrow('Operation not supported');
  });
  it('turns zero writes into write-zeroes with detect-zeroes', async () => {
    let zeroCalls = 0;
    const n = memNode(1024, { detectZeroes: 'on' }, 1, { ...memDriver, async writeZeroes() { zeroCalls++; } });
    await nodeWrite(n as BlockNode, 0, new Uint8Array(512));
    expect(zeroCalls).toBe(1);
  });
  it('ignores discard unless discard=unmap', async () => {
    let calls = 0;
    const n = memNode(1024, {}, 1, { ...memDriver, async discard() { calls++; } });
    await nodeDiscard(n as BlockNode, 0, 512);
    expect(calls).toBe(0);
    n.flags.discardUnmap = true;
    await nodeDiscard(n as BlockNode, 0, 512);
    expect(calls).toBe(1);
  });
});

describe('backend bounds', () => {
  it('fails requests beyond the image end with EIO', async () => {
    const n = memNode(1024);
    const b = new Backend(n as BlockNode, [n as BlockNode]);
    await expect(b.read(1000, 100)).rejects.toThrow('Input/output error');
    await expect(b.write(1024, new Uint8Array(1))).rejects.toThrow('Input/output error');
    expect((await b.read(1020, 4)).length).toBe(4);
  });
});

describe('block status', () => {
  it('reports protocols without blockStatus as allocated data with an offset', async () => {
    const n = memNode(1024);
    const s = await nodeBlockStatus(n as BlockNode, true, 0, 2048);
    expect(s.status).toBe(BDRV_BLOCK.DATA | BDRV_BLOCK.ALLOCATED | BDRV_BLOCK.EOF | BDRV_BLOCK.OFFSET_VALID);
    expect(s.pnum).toBe(1024);
    expect((await nodeBlockStatus(n as BlockNode, true, 1024, 1)).status).toBe(BDRV_BLOCK.EOF);
  });
  it('walks a backing chain and counts depth', async () => {
    const base = memNode(1024);
    const top = memNode(1024, {}, 1, {
      ...memDriver,
      protocolName: undefined,
      supportsBacking: true,
      async blockStatus(_n, _w, off, bytes) {
        return off < 512 ? { status: BDRV_BLOCK.DATA, pnum: Math.min(bytes, 512 - off) } : { status: 0, pnum: bytes };
      },
    });
    top.children.set('backing', base as BlockNode);
    const a = await nodeBlockStatusAbove(top as BlockNode, null, false, true, 0, 1024);
    expect(a.depth).toBe(1);
    expect(a.pnum).toBe(512);
    const b = await nodeBlockStatusAbove(top as BlockNode, null, false, true, 512, 512);
    expect(b.depth).toBe(2);
    expect(b.status & BDRV_BLOCK.ALLOCATED).toBeTruthy();
    expect(await nodeIsAllocatedAbove(top as BlockNode, base as BlockNode, false, 512, 512)).toEqual({ depth: 0, pnum: 512 });
  });
});

describe('QEMU request splitting', () => {
  it('splits write-zeroes at the zero alignment and falls back per piece', async () => {
    const calls: string[] = [];
    const n = memNode(1 << 20, {}, 1, {
      ...memDriver,
      async writeZeroes(_n, off, bytes) {
        calls.push(`z ${off} ${bytes}`);
        if (bytes % 65536 !== 0) throw BlockError.io('ENOTSUP');
      },
    });
    n.limits.pwriteZeroesAlignment = 65536;
    await nodeWriteZeroes(n as BlockNode, 4096, 200704);
    expect(calls).toEqual(['z 4096 61440', 'z 65536 131072', 'z 196608 8192']);
    expect(n.state.ops).toEqual(['w 4096 61440', 'w 196608 8192']);
  });
  it('splits discards at the discard alignment', async () => {
    const calls: string[] = [];
    const n = memNode(1 << 20, { discardUnmap: true }, 512, {
      ...memDriver,
      async discard(_n, off, bytes) {
        calls.push(`${off} ${bytes}`);
      },
    });
    n.limits.pdiscardAlignment = 65536;
    await nodeDiscard(n as BlockNode, 512, 140800);
    expect(calls).toEqual(['512 65024', '65536 65536', '131072 10240']);
  });
});
