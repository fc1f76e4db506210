import { describe, expect, it } from 'vitest';
import { AsyncMutex } from './mutex.ts';
import { runAsRequest, whileSuspended, type RequestContext } from './request-context.ts';

describe('AsyncMutex', () => {
  it('runs critical sections one at a time in FIFO order', async () => {
    const m = new AsyncMutex();
    const log: string[] = [];
    const job = (name: string, ms: number) =>
      m.run(async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name}-`);
      });
    await Promise.all([job('a', 20), job('b', 1), job('c', 5)]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(m.locked).toBe(false);
  });
  it('releases on failure', async () => {
    const m = new AsyncMutex();
    await expect(m.run(async () => { throw new Error('x'); })).rejects.toThrow('x');
    expect(await m.run(async () => 1)).toBe(1);
  });
  it('notes a request blocked by a holder suspended at a breakpoint, not by one merely running', async () => {
    const m = new AsyncMutex();
    let resume!: () => void;
    const a: RequestContext = {};
    const b: RequestContext = {};
    const c: RequestContext = {};
    const held = runAsRequest(a, () => m.run(() => whileSuspended(() => new Promise<void>((r) => (resume = r)))));
    await new Promise((r) => setImmediate(r));
    const waits = Promise.all([runAsRequest(b, () => m.run(async () => undefined)), runAsRequest(c, () => m.run(async () => undefined))]);
    await new Promise((r) => setImmediate(r));
    expect(b.waiting).toBe(1);
    resume();
    await Promise.all([held, waits]);
    expect(b.blockedBy).toBe(a);
    expect(c.blockedBy).toBe(b);
    const d: RequestContext = {};
    const e: RequestContext = {};
    await Promise.all([
      runAsRequest(d, () => m.run(() => new Promise((r) => setTimeout(r, 5)))),
      runAsRequest(e, () => m.run(async () => undefined)),
    ]);
    expect(e.blockedBy).toBeUndefined();
  });
});
