import { describe, expect, it } from 'vitest';
import { AsyncMutex } from './mutex.ts';

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
});
