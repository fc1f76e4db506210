import { describe, expect, it } from 'vitest';
import type { WriteFlags } from '../../block/driver.ts';
import { MAX_WRITES_IN_FLIGHT, WritesInFlight } from './convert-writes.ts';

/** A write the test ends by hand; `allocate` calls the hook as a driver would. */
function manualWrite() {
  let hook: (() => void) | undefined;
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const started = { value: false };
  const write = (flags: WriteFlags) => {
    started.value = true;
    hook = flags.onAllocated;
    return new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { write, started, allocate: () => hook!(), finish: () => finish(), fail: (e: unknown) => fail(e) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WritesInFlight', () => {
  it('lets the copy go on once a write allocated, and waits for the oldest at the limit', async () => {
    const w = new WritesInFlight((sector) => new Error(`failed at ${sector}`));
    const a = manualWrite();
    const pa = w.submit(0, a.write);
    await tick();
    let goOn = false;
    void pa.then(() => (goOn = true));
    await tick();
    expect(goOn).toBe(false);
    a.allocate();
    await tick();
    expect(goOn).toBe(true);

    expect(MAX_WRITES_IN_FLIGHT).toBe(2);
    const b = manualWrite();
    await Promise.all([w.submit(8, b.write), tick().then(() => b.allocate())]);
    // A third write waits until the first ended.
    const c = manualWrite();
    const pc = w.submit(16, c.write);
    await tick();
    expect(c.started.value).toBe(false);
    a.finish();
    await tick();
    expect(c.started.value).toBe(true);
    c.finish();
    await pc;
    b.finish();
    await w.drain();
  });

  it('goes on when a write ends without calling the hook', async () => {
    const w = new WritesInFlight(() => new Error('no'));
    const r = await w.submit(0, async () => undefined);
    await expect(r.ended).resolves.toBeUndefined();
    await w.drain();
  });

  it("reports a write's failure with its own sector, where the copy next waits", async () => {
    const seen: number[] = [];
    const w = new WritesInFlight((sector, e) => {
      seen.push(sector);
      return e;
    });
    const a = manualWrite();
    const pa = w.submit(40, a.write);
    a.allocate();
    await pa;
    a.fail(new Error('EIO'));
    await expect(w.drain()).rejects.toThrow('EIO');
    expect(seen).toEqual([40]);
  });

  it('fails the submit itself when the write fails before allocating', async () => {
    const w = new WritesInFlight((sector) => new Error(`at ${sector}`));
    await expect(w.submit(7, () => Promise.reject(new Error('ENOSPC')))).rejects.toThrow('at 7');
    await w.drain();
  });

  it('reports an earlier failed write before one that failed while allocating', async () => {
    const seen: number[] = [];
    const w = new WritesInFlight((sector, e) => {
      seen.push(sector);
      return e;
    });
    const a = manualWrite();
    const pa = w.submit(8, a.write);
    a.allocate();
    await pa;
    a.fail(new Error('EIO'));
    await expect(w.submit(16, () => Promise.reject(new Error('ENOSPC')))).rejects.toThrow('EIO');
    expect(seen).toEqual([8]);
  });

  it('abandon waits for writes still going out and swallows their failures', async () => {
    const w = new WritesInFlight((_s, e) => e);
    const a = manualWrite();
    const pa = w.submit(0, a.write);
    a.allocate();
    await pa;
    let done = false;
    const ab = w.abandon().then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    a.fail(new Error('late'));
    await ab;
    expect(done).toBe(true);
  });
});
