// qemu-img snapshot: list, create, apply or delete internal snapshots through the format driver.

import type { BlockNode } from '../../block/node.ts';
import type { LongOption } from '../../util/getopt.ts';
import { strerror } from '../../util/errno.ts';
import { BlockError } from '../../block/errors.ts';
import { snapshotGoto } from '../../block/snapshot-goto.ts';
import { cutBytes, listSnapshotInfos, NAME_BYTES, snapshotTable } from './snapshot-render.ts';
import { FORCE_SHARE_OPT, HELP_OPT, IMAGE_OPTS_OPT, OBJECT_OPT, parseOptions } from './args.ts';
import { UsageError, type ImgContext } from './context.ts';
import { imgOpen } from './img-open.ts';

export const usage =
  'snapshot [--object objectdef] [--image-opts] [-U] [-q] [-l | -a snapshot | -c snapshot | -d snapshot] filename';

const LONGOPTS: LongOption[] = [HELP_OPT, OBJECT_OPT, IMAGE_OPTS_OPT, FORCE_SHARE_OPT];

type Action = { kind: 'list' } | { kind: 'apply' | 'create' | 'delete'; name: string };

export async function run(ctx: ImgContext, argv: string[]): Promise<number> {
  let action: Action | undefined;
  let imageOpts = false;
  let forceShare = false;
  const set = (a: Action) => {
    if (action) throw new UsageError("Cannot mix '-l', '-a', '-c', '-d'");
    action = a;
  };
  const operands = parseOptions(ctx, argv, ':la:c:d:hqU', LONGOPTS, (r) => {
    if (r.opt === 'l') set({ kind: 'list' });
    else if (r.opt === 'a') set({ kind: 'apply', name: r.arg! });
    else if (r.opt === 'c') set({ kind: 'create', name: r.arg! });
    else if (r.opt === 'd') set({ kind: 'delete', name: r.arg! });
    else if (r.opt === 'IMAGE_OPTS') imageOpts = true;
    else if (r.opt === 'U') forceShare = true;
  });
  if (operands.length !== 1) throw new UsageError('Expecting one image file name');
  const act = action as Action | undefined;
  const readOnly = act?.kind === 'list';
  const blk = await imgOpen(ctx, { filename: operands[0]!, imageOpts, readOnly, forceShare });
  try {
    return act ? await perform(ctx, blk.root, act) : 0;
  } finally {
    await blk.close();
  }
}

/** Run the action through the driver's snapshot members; without them QEMU's refusals for formats lacking snapshots. */
async function perform(ctx: ImgContext, node: BlockNode, act: Action): Promise<number> {
  const drv = node.driver;
  try {
    switch (act.kind) {
      case 'list': {
        const list = await listSnapshotInfos(node);
        if (list.length > 0) ctx.out(snapshotTable(list));
        return 0;
      }
      case 'create':
        if (!drv.createSnapshot) throw new BlockError('ENOTSUP', strerror('ENOTSUP'));
        await drv.createSnapshot(node, cutBytes(act.name, NAME_BYTES));
        return 0;
      case 'apply':
        await snapshotGoto(node, act.name, (t) => ctx.errRaw(t.endsWith('\n') ? t : `${t}\n`));
        return 0;
      case 'delete':
        if (!drv.deleteSnapshot) throw new BlockError('ENOENT', 'snapshot not found');
        await drv.deleteSnapshot(node, act.name);
        return 0;
    }
  } catch (e) {
    if (!(e instanceof BlockError)) throw e;
    if (act.kind === 'create') ctx.error(`Could not create snapshot '${act.name}': -${e.errnoValue()} (${e.errnoText()})`);
    else if (act.kind === 'apply') ctx.error(`Could not apply snapshot '${act.name}': ${e.message}`);
    else if (act.kind === 'delete') ctx.error(`Could not delete snapshot '${act.name}': ${e.message}`);
    else ctx.error(e.message);
    return 1;
  }
}
