// -l for convert and measure: parse the snapshot parameter and load that internal snapshot read-only (bdrv_snapshot_load_tmp).

import { BlockError } from '../../block/errors.ts';
import type { BlockNode } from '../../block/node.ts';
import { splitOpts } from '../../util/qemu-opts.ts';
import { ExitStatus, type ImgContext } from './context.ts';

/** What -l asked for: "snapshot.id=..,snapshot.name=.." or a bare id-or-name. */
export type SnapshotParam = { id?: string; name?: string } | { idOrName: string };

/** Parse -l as QEMU does; a bad "snapshot." list fails with its two messages. */
export function parseSnapshotParam(ctx: ImgContext, text: string): SnapshotParam {
  if (!text.startsWith('snapshot.')) return { idOrName: text };
  const out: { id?: string; name?: string } = {};
  for (const p of splitOpts(text)) {
    if (p.name === 'snapshot.id') out.id = p.value;
    else if (p.name === 'snapshot.name') out.name = p.value;
    else {
      ctx.error(`Invalid parameter '${p.name}'`);
      ctx.error(`Failed in parsing snapshot param '${text}'`);
      throw new ExitStatus(1);
    }
  }
  return out;
}

async function loadTmp(node: BlockNode, id: string | undefined, name: string | undefined): Promise<void> {
  if (id === undefined && name === undefined) throw new BlockError('EINVAL', 'snapshot_id and snapshot_name are both NULL');
  if (!node.flags.readOnly) throw new BlockError('EINVAL', 'Device is not readonly');
  if (!node.driver.loadSnapshotTmp) {
    throw new BlockError(
      'ENOTSUP',
      `Block format '${node.driver.formatName}' used by device '' does not support temporarily loading internal snapshots`,
    );
  }
  await node.driver.loadSnapshotTmp(node, id, name);
}

/** Load the snapshot or print "Failed to load snapshot: ..." and exit 1. */
export async function loadSnapshot(ctx: ImgContext, node: BlockNode, param: SnapshotParam): Promise<void> {
  try {
    if ('idOrName' in param) {
      try {
        await loadTmp(node, param.idOrName, undefined);
      } catch (e) {
        if (!(e instanceof BlockError) || e.errno !== 'ENOENT') throw e;
        await loadTmp(node, undefined, param.idOrName);
      }
    } else {
      await loadTmp(node, param.id, param.name);
    }
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    ctx.error(`Failed to load snapshot: ${e.message}`);
    throw new ExitStatus(1);
  }
}
