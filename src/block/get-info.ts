// Whether bdrv_get_info() answers for a node: what qemu-io info and qemu-img info's dirty flag depend on.

import type { BlockNode } from './node.ts';

/** False for drivers without get_info (null-co), and for raw when its file child has none. */
export function answersGetInfo(node: BlockNode): boolean {
  if (node.driver.lacksGetInfo) return false;
  const file = node.driver.getInfoFromFile ? node.children.get('file') : undefined;
  return file ? answersGetInfo(file) : true;
}
