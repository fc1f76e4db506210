// Unit tests of the metadata caches: QEMU's default sizes and LRU eviction with write-back and dependencies.

import { describe, expect, it } from 'vitest';
import type { BlkdebugEvent } from '../../block/events.ts';
import { TableCache } from './cache.ts';
import { cacheTables } from './cache-sizes.ts';
import type { HostFile } from './host-file.ts';

/** A HostFile that records writes and events in one log. */
function recordingFile(log: string[]): HostFile {
  return {
    read: async (_o, n) => new Uint8Array(n),
    write: async (o) => void log.push(`write ${o}`),
    length: async () => 0,
    truncate: async () => {},
    writeZeroes: async () => {},
    discard: async () => {},
    flush: async () => {},
    allocatedSize: async () => undefined,
    event: async (ev: BlkdebugEvent) => void log.push(ev),
  };
}

describe('cacheTables', () => {
  it('holds every L2 table of the disk (at least 2) and 4 refcount blocks by default', () => {
    expect(cacheTables({}, 65536, 64 << 20, 8)).toEqual({ l2: 2, refcount: 4 });
    expect(cacheTables({}, 512, 16 << 20, 8)).toEqual({ l2: 512, refcount: 4 });
    expect(cacheTables({}, 65536, 2 ** 40, 8)).toEqual({ l2: 512, refcount: 4 });
    expect(cacheTables({}, 512, 16 << 20, 16)).toEqual({ l2: 1024, refcount: 4 });
  });
  it('gives cache-size to the L2 cache first, the rest to refcount blocks', () => {
    expect(cacheTables({ all: 10 * 512 }, 512, 16 << 20, 8)).toEqual({ l2: 6, refcount: 4 });
    expect(cacheTables({ all: 600 * 512 }, 512, 16 << 20, 8)).toEqual({ l2: 512, refcount: 88 });
    expect(cacheTables({ all: 20 * 512, l2: 4 * 512 }, 512, 16 << 20, 8)).toEqual({ l2: 4, refcount: 16 });
    expect(cacheTables({ refcount: 8 * 512 }, 512, 16 << 20, 8)).toEqual({ l2: 512, refcount: 8 });
  });
});

describe('TableCache', () => {
  it('evicts the least recently used table, writing it back only when dirty', async () => {
    const log: string[] = [];
    const c = new TableCache(recordingFile(log), 512, 2, 'refblock');
    const a = await c.get(512);
    c.markDirty(512, a);
    await c.get(1024);
    await c.get(1536);
    expect(log).toEqual(['refblock_update_part', 'write 512']);
    log.length = 0;
    await c.get(2048);
    expect(log).toEqual([]);
    expect(c.has(1024)).toBe(false);
  });
  it('flushes the cache it depends on before writing a table, once', async () => {
    const log: string[] = [];
    const file = recordingFile(log);
    const l2 = new TableCache(file, 512, 4, 'l2');
    const ref = new TableCache(file, 512, 4, 'refblock');
    ref.markDirty(512, await ref.get(512));
    l2.markDirty(4096, await l2.get(4096, true));
    await l2.setDependency(ref);
    await l2.flush();
    expect(log).toEqual(['refblock_update_part', 'write 512', 'l2_update', 'write 4096']);
    log.length = 0;
    // A dependency the other way round settles the first one.
    l2.markDirty(4096, await l2.get(4096));
    ref.markDirty(512, await ref.get(512));
    await l2.setDependency(ref);
    await ref.setDependency(l2);
    expect(log).toEqual(['refblock_update_part', 'write 512']);
    log.length = 0;
    ref.markDirty(512, await ref.get(512));
    await ref.flush();
    expect(log).toEqual(['l2_update', 'write 4096', 'refblock_update_part', 'write 512']);
  });
});
