// -s / snapshot=on: put a temporary qcow2 overlay over the opened image (bdrv_append_temp_snapshot).

import { unlinkFile } from '../util/fs-async.ts';
import { join } from 'node:path';
import type { BlockNode } from './node.ts';
import { crypto } from '../util/builtins.ts';
import { BlockError } from './errors.ts';
import { nodeGetLength } from './io.ts';
import { findDriver } from './registry.ts';
import { makeCreateContext } from './create.ts';
import { openNode, type OpenGraph } from './open.ts';

/** A fresh name like QEMU's get_tmp_filename() ("vl.XXXXXX" in TMPDIR or /var/tmp). */
function tmpName(dir: string): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const rnd = [...crypto().randomBytes(6)].map((b) => chars[b % chars.length]).join('');
  return join(dir, `vl.${rnd}`);
}

/**
 * Create a temporary qcow2 whose backing file is `base` (referenced by node name, so the
 * already-open node is reused), open it read-write and unlink the file: writes go to the
 * overlay and vanish when the tool ends, as with QEMU's -s.
 */
export async function appendTempSnapshot(graph: OpenGraph, base: BlockNode, tmpDir: string, readOnly: boolean): Promise<BlockNode> {
  const qcow2 = findDriver('qcow2');
  if (!qcow2?.create) throw new BlockError('ENOTSUP', "Unknown driver 'qcow2'");
  const size = await nodeGetLength(base);
  const path = tmpName(tmpDir);
  const ctx = makeCreateContext({ cwd: graph.cwd, warn: graph.warn, report: graph.report });
  try {
    await qcow2.create(path, new Map([['size', String(size)]]), ctx);
  } catch (e) {
    if (e instanceof BlockError) throw e.prepend(`Could not create temporary overlay '${path}': `);
    throw e;
  }
  try {
    const flags = { ...base.flags, readOnly, forceShare: false };
    return await openNode(
      graph,
      undefined,
      { driver: 'qcow2', file: { driver: 'file', filename: path }, backing: base.nodeName },
      flags,
      { protocol: false, parseFilename: false },
    );
  } finally {
    await unlinkFile(path).catch(() => undefined);
  }
}
