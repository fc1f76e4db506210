// The file node's extents cache: one query at a time, and no answer kept across a change made while it ran.

import { describe, expect, it } from 'vitest';
import { cachedExtents, dropExtents, type ExtentsCache } from './file-extents.ts';
import type { FdHandle } from '../util/fs-async.ts';
import type { FsHelper } from './fs-helper.ts';

/** A cache over a fake file whose helper answers each extents query when the test says so. */
function fakeCache() {
  const pending: Array<(e: Array<[number, number]>) => void> = [];
  const fh = { stat: async () => ({ size: 1 << 20, blocks: 8, blksize: 4096 }) } as unknown as FdHandle;
  const helper = {
    dataExtents: () => new Promise<Array<[number, number]>>((resolve) => pending.push(resolve)),
  } as unknown as FsHelper;
  const cache: ExtentsCache = { fh, helper };
  const answer = async (e: Array<[number, number]>) => {
    for (let i = 0; i < 10 && pending.length === 0; i++) await Promise.resolve();
    pending.shift()!(e);
  };
  return { cache, pending, answer };
}

describe('cachedExtents', () => {
  it('shares one query between callers and keeps its answer', async () => {
    const { cache, pending, answer } = fakeCache();
    const a = cachedExtents(cache);
    const b = cachedExtents(cache);
    await answer([[0, 4096]]);
    expect(await a).toEqual([[0, 4096]]);
    expect(await b).toEqual([[0, 4096]]);
    expect(pending).toHaveLength(0);
    expect(cachedExtents(cache)).toEqual([[0, 4096]]);
  });

  it('does not keep an answer that a change made stale while it ran', async () => {
    const { cache, answer } = fakeCache();
    const before = cachedExtents(cache);
    dropExtents(cache);
    await answer([[0, 4096]]);
    // The caller who asked before the change still gets that answer ...
    expect(await before).toEqual([[0, 4096]]);
    // ... but the next caller asks again and sees the file as it is now.
    const after = cachedExtents(cache);
    await answer([[0, 8192]]);
    expect(await after).toEqual([[0, 8192]]);
    expect(cache.extents).toEqual([[0, 8192]]);
  });
});
