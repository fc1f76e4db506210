// The HostFile of an open qcow2 node: its `file` child reached through the generic request path.

import { raiseEvent } from '../../block/events.ts';
import { nodeDiscard, nodeFlush, nodeGetLength, nodeRead, nodeTruncate, nodeWrite, nodeWriteZeroes } from '../../block/io.ts';
import type { BlockNode } from '../../block/node.ts';
import type { HostFile } from './host-file.ts';

export function nodeHostFile(file: BlockNode): HostFile {
  return {
    read: (offset, bytes) => nodeRead(file, offset, bytes),
    write: (offset, data, flags) => nodeWrite(file, offset, data, flags),
    length: () => nodeGetLength(file),
    truncate: (length, prealloc) => nodeTruncate(file, length, false, prealloc),
    writeZeroes: (offset, bytes, unmap) => nodeWriteZeroes(file, offset, bytes, { mayUnmap: unmap }),
    async discard(offset, bytes) {
      try {
        await nodeDiscard(file, offset, bytes);
      } catch {
        // Discards are advisory.
      }
    },
    flush: () => nodeFlush(file),
    allocatedSize: async () => (file.driver.getAllocatedFileSize ? file.driver.getAllocatedFileSize(file) : undefined),
    // No async wrapper: with no blkdebug in the graph this is a resolved promise (raised per cluster on writes).
    event: (ev) => raiseEvent(file, ev),
  };
}
