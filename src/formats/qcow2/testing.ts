// Test support (imported only by *.test.ts): open qcow2 images over plain files without the block layer's open path.

import { open, writeFile } from 'node:fs/promises';
import type { BlockDriver, BlockLimits, CreateContext } from '../../block/driver.ts';
import type { BlockNode, OpenFlags } from '../../block/node.ts';
import { qcow2Driver } from './driver.ts';
import { openFsHostFile } from './fs-host-file.ts';
import { loadQcow2 } from './open.ts';
import type { Qcow2State } from './state.ts';

const LIMITS: BlockLimits = {
  requestAlignment: 1, maxTransfer: 0, pwriteZeroesAlignment: 0, maxPwriteZeroes: 0, pdiscardAlignment: 0, maxPdiscard: 0,
};

function flags(readOnly: boolean): OpenFlags {
  return { readOnly, forceShare: false, discardUnmap: true, noFlush: false, cacheDirect: false, detectZeroes: 'off', noBacking: false };
}

/** A read-only raw node over a plain file (for backing files in tests). */
async function rawNode(path: string): Promise<BlockNode> {
  const fh = await open(path, 'r');
  const driver: BlockDriver<null> = {
    formatName: 'raw',
    async open() { return null; },
    async close() { await fh.close(); },
    async getLength() { return (await fh.stat()).size; },
    async read(_n, offset, buf) { await fh.read(buf, 0, buf.length, offset); },
    async write() { throw new Error('read-only'); },
  };
  return {
    driver: driver as BlockDriver, state: null, nodeName: 'raw', filename: path, options: {}, flags: flags(true),
    children: new Map(), limits: LIMITS, backingFile: '', backingFormat: '',
  };
}

/** A read-write protocol-like node over a plain file (what ctx.openFile gives create() in tests). */
export async function fsFileNode(path: string): Promise<BlockNode> {
  const fh = await open(path, 'r+');
  const driver: BlockDriver<null> = {
    formatName: 'file',
    async open() { return null; },
    async close() { await fh.close(); },
    async getLength() { return (await fh.stat()).size; },
    async read(_n, offset, buf) { await fh.read(buf, 0, buf.length, offset); },
    async write(_n, offset, data) { await fh.write(data, 0, data.length, offset); },
    async truncate(_n, length) { await fh.truncate(length); },
  };
  return {
    driver: driver as BlockDriver, state: null, nodeName: 'file', filename: path, options: {}, flags: flags(false),
    children: new Map(), limits: LIMITS, backingFile: '', backingFormat: '',
  };
}

/** A CreateContext over plain files. */
export function fsCreateContext(): CreateContext {
  return {
    resolvePath: (p) => p,
    async createFile(filename) { await writeFile(filename, new Uint8Array(0)); },
    openFile: (filename) => fsFileNode(filename),
    async openImage() { throw new Error('not in tests'); },
    warn() {},
  };
}

export interface TestImage {
  node: BlockNode<Qcow2State>;
  lines: string[];
  close(): Promise<void>;
}

/** Open `path` as qcow2; `backing` names a raw or qcow2 file to use as its backing node. */
export async function openTestImage(path: string, opts: { readOnly?: boolean; backing?: { path: string; format: 'raw' | 'qcow2' } } = {}): Promise<TestImage> {
  const readOnly = opts.readOnly ?? false;
  const file = await openFsHostFile(path, readOnly);
  const lines: string[] = [];
  let state;
  try {
    state = await loadQcow2(file, { readOnly, report: (l) => lines.push(l), passDiscardRequest: false });
  } catch (e) {
    await file.close();
    throw e;
  }
  const node: BlockNode<Qcow2State> = {
    driver: qcow2Driver, state, nodeName: 'qcow2', filename: path, options: {}, flags: flags(readOnly),
    children: new Map(), limits: LIMITS, backingFile: state.backingFile, backingFormat: state.ext.backingFormat ?? '',
  };
  let backing: TestImage | undefined;
  if (opts.backing) {
    if (opts.backing.format === 'raw') node.children.set('backing', await rawNode(opts.backing.path));
    else {
      backing = await openTestImage(opts.backing.path, { readOnly: true });
      node.children.set('backing', backing.node as BlockNode);
    }
  }
  return {
    node,
    lines,
    async close() {
      await qcow2Driver.close(node);
      await file.close();
      const b = node.children.get('backing');
      if (backing) await backing.close();
      else if (b) await b.driver.close(b);
    },
  };
}
