import { describe, expect, it } from 'vitest';
import { isBusy, noteBlockedBy, parkUntilPoll, runAsRequest, withoutParking, type RequestContext } from './request-context.ts';

describe('request context', () => {
  it('parks a request until the tool polls, unless inside I/O handed to a task', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const ctx: RequestContext = { nextPoll: () => gate };
    const steps: string[] = [];
    const run = runAsRequest(ctx, async () => {
      await withoutParking(async () => parkUntilPoll());
      steps.push('task I/O');
      await parkUntilPoll();
      steps.push('after poll');
    });
    await new Promise((r) => setImmediate(r));
    expect(steps).toEqual(['task I/O']);
    expect(ctx.parked).toBe(true);
    expect(isBusy(ctx)).toBe(false);
    open();
    await run;
    expect(steps).toEqual(['task I/O', 'after poll']);
    expect(isBusy(ctx)).toBe(true);
  });
  it('never parks outside a tool that polls', async () => {
    await parkUntilPoll();
    await runAsRequest({}, async () => parkUntilPoll());
  });
  it('lets a wait for a result outrank an earlier wait for a lock', async () => {
    const a: RequestContext = { suspended: true };
    const b: RequestContext = {};
    const c: RequestContext = {};
    await runAsRequest(c, async () => {
      noteBlockedBy(b, false, a);
      expect(c.blockedBy).toBe(b);
      noteBlockedBy(a, true);
      noteBlockedBy(b, true);
    });
    expect(c.blockedBy).toBe(a);
    expect(c.strongBlock).toBe(true);
  });
});
