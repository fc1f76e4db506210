// openfile(): open the image a qemu-io session works on, with QEMU's "can't open device" wording.

import { openImage } from '../../block/open.ts';
import { isBlockError } from '../../block/errors.ts';
import type { QDict } from '../../block/driver.ts';
import type { BlockNode } from '../../block/node.ts';
import { drainAio, errorReport, eprint, warnReport, type Session } from './session.ts';
import { toOpenRequest, type OpenSettings } from './open-settings.ts';

/**
 * Open `name` (or only `options` when name is undefined) into the session. Returns false after
 * printing why not: an image already open, a -U conflict, or the block layer's refusal.
 */
export async function openFile(
  s: Session,
  name: string | undefined,
  format: string | undefined,
  settings: OpenSettings,
  options: QDict | undefined,
): Promise<boolean> {
  if (s.blk) {
    errorReport(s, "file open already, try 'help close'");
    return false;
  }
  if (settings.forceShare && options && options['force-share'] !== undefined && options['force-share'] !== 'on') {
    errorReport(s, '-U conflicts with image options');
    return false;
  }
  const req = toOpenRequest(settings, name, format, options);
  try {
    s.blk = await openImage({
      ...req,
      cwd: s.io.cwd,
      tmpDir: s.io.env['TMPDIR'] || undefined,
      warn: (m) => warnReport(s, m),
      report: (t) => eprint(s, t.endsWith('\n') ? t : t + '\n'),
      errorPrintf: (t) => eprint(s, t),
      errorReport: (m) => errorReport(s, m),
      locks: s.locks,
    });
    s.writePerm = !settings.readOnly;
    s.copyOnRead = settings.copyOnRead;
    return true;
  } catch (e) {
    if (!isBlockError(e)) throw e;
    errorReport(s, `can't open${name !== undefined ? ` device ${name}` : ''}: ${e.message}`);
    return false;
  }
}

/** Complete pending aio and close the image (blk_unref on close, open failure paths and exit). */
export async function closeFile(s: Session): Promise<void> {
  const blk = s.blk;
  if (!blk) return;
  await drainAio(s);
  s.blk = null;
  await blk.close();
}

/**
 * The process "dies" (sigraise, abort): nothing is flushed, exactly as with a killed qemu-io, so
 * cached metadata never reaches the image. Only host file handles are released.
 */
export async function abandonFile(s: Session): Promise<void> {
  const blk = s.blk;
  if (!blk) return;
  s.blk = null;
  const seen = new Set<BlockNode>();
  const walk = async (n: BlockNode): Promise<void> => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const child of n.children.values()) await walk(child);
    if (n.driver.protocolName === 'file') await n.driver.close(n).catch(() => undefined);
  };
  await walk(blk.root);
}
