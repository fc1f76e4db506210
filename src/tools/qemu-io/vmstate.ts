// read -b / write -b: the VM state area a format keeps after the guest disk (bdrv_load_vmstate / bdrv_save_vmstate).

import type { BlockBackend } from '../../block/api.ts';
import { BlockError } from '../../block/errors.ts';

/**
 * Where the root's VM state starts, or ENOTSUP when its format has none (raw). The area lies
 * past the guest-visible end, so requests go to the format driver directly, not through the
 * length-checked request path.
 */
function vmStateBase(blk: BlockBackend): number {
  const node = blk.root;
  const base = node.driver.getVmStateOffset?.(node);
  if (!base) throw BlockError.io('ENOTSUP');
  return base;
}

export async function loadVmState(blk: BlockBackend, pos: number, bytes: number): Promise<Uint8Array> {
  if (blk.loadVmState) return blk.loadVmState(pos, bytes);
  const base = vmStateBase(blk);
  const buf = new Uint8Array(bytes);
  if (bytes > 0) await blk.root.driver.read(blk.root, base + pos, buf);
  return buf;
}

/**
 * Writes go to the format driver past the guest disk (qcow2 grows its L1 for the area as
 * qcow2_save_vmstate does); a backend may offer its own saveVmState.
 */
export async function saveVmState(blk: BlockBackend, pos: number, data: Uint8Array): Promise<void> {
  if (blk.saveVmState) return blk.saveVmState(pos, data);
  const base = vmStateBase(blk);
  if (data.length > 0) await blk.root.driver.write(blk.root, base + pos, data, {});
  // Writethrough (qemu-io's default) makes the VM state stable before the command completes, as guest writes are.
  if (data.length > 0 && blk.root.flags.writethrough) await blk.flush();
}
