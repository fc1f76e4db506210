import { describe, expect, it } from 'vitest';
import { AsyncMutex } from '../../block/mutex.ts';
import { beginAlloc, endAlloc, untilDependency } from './inflight.ts';
import type { Qcow2State } from './state.ts';

const state = () => ({ inflight: [], lock: new AsyncMutex() }) as unknown as Qcow2State;

describe('allocations in flight (handle_dependencies)', () => {
  it('lets a write run up to the first allocation in flight it overlaps', async () => {
    const s = state();
    beginAlloc(s, 0x10000, 0x20000);
    beginAlloc(s, 0x30000, 0x40000);
    expect(await untilDependency(s, 0xf000, 0x3000)).toBe(0x1000);
    expect(await untilDependency(s, 0x20000, 0x20000)).toBe(0x10000);
    expect(await untilDependency(s, 0x20000, 0x8000)).toBe(0x8000);
  });
  it('waits, giving the lock up, when the write starts inside one, then asks to look again', async () => {
    const s = state();
    const a = beginAlloc(s, 0, 0x10000);
    let waited = false;
    await s.lock.run(async () => {
      const w = Promise.resolve(untilDependency(s, 0x1000, 0x1000)).then((n) => {
        waited = true;
        return n;
      });
      await new Promise((r) => setImmediate(r));
      expect(waited).toBe(false);
      expect(s.lock.locked).toBe(false);
      endAlloc(s, a);
      expect(await w).toBe(0);
      expect(s.lock.locked).toBe(true);
    });
    expect(s.inflight).toEqual([]);
  });
  it('keeps clusters whose new subclusters do not meet the write apart', async () => {
    const s = state();
    beginAlloc(s, 0x10000, 0x20000, { start: 0x14000, end: 0x15000 });
    expect(await untilDependency(s, 0x18000, 0x800)).toBe(0x800);
    expect(await untilDependency(s, 0x8000, 0xa000)).toBe(0xa000);
    expect(await untilDependency(s, 0x8000, 0x10000)).toBe(0x8000);
  });
});
