// qemu-img snapshot: list, create, apply or delete internal snapshots; no format implements them yet, so this reports QEMU's refusals.

import type { BlockNode } from '../../block/node.ts';
import type { LongOption } from '../../util/getopt.ts';
import { strerror } from '../../util/errno.ts';
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
    return act ? refuse(ctx, blk.root, act) : 0;
  } finally {
    await blk.close();
  }
}

/** Without snapshot support, a list is empty (prints nothing) and every change fails as QEMU reports it. */
function refuse(ctx: ImgContext, _node: BlockNode, act: Action): number {
  switch (act.kind) {
    case 'list':
      return 0;
    case 'create':
      ctx.error(`Could not create snapshot '${act.name}': -95 (${strerror('ENOTSUP')})`);
      return 1;
    case 'apply':
      ctx.error(`Could not apply snapshot '${act.name}': Block driver does not support snapshots`);
      return 1;
    case 'delete':
      ctx.error(`Could not delete snapshot '${act.name}': snapshot not found`);
      return 1;
  }
}
