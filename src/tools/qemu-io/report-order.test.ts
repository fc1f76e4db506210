import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../block/request-context.ts';
import { reportOrder, runBottomHalves, type Session } from './session.ts';

const req = (name: string, kind: 'read' | 'write', ctx: RequestContext = {}) => ({ name, kind, ctx });
const names = (list: Array<{ name: string }>) => list.map((r) => r.name);

describe('reportOrder (qemu-io aio completions at a drain)', () => {
  it('reports independent writes newest first', () => {
    expect(names(reportOrder([req('a', 'write'), req('b', 'write'), req('c', 'write')]))).toEqual(['c', 'b', 'a']);
  });
  it('reports reads (one round of I/O) before writes', () => {
    expect(names(reportOrder([req('w1', 'write'), req('r1', 'read'), req('w2', 'write'), req('r2', 'read')]))).toEqual(['r2', 'r1', 'w2', 'w1']);
  });
  it('reports a write that waited for an allocation in flight after the one it waited for', () => {
    const a = req('a', 'write');
    const x = req('x', 'write');
    const b = req('b', 'write', { blockedBy: a.ctx, strongBlock: true });
    expect(names(reportOrder([a, x, b]))).toEqual(['x', 'a', 'b']);
  });
  it('puts a request that waited for the lock one round after its holder, before those waiting for its result', () => {
    const a = req('a', 'write');
    const x = req('x', 'write', { blockedBy: a.ctx });
    const b = req('b', 'write', { blockedBy: a.ctx, strongBlock: true });
    expect(names(reportOrder([a, x, b]))).toEqual(['a', 'x', 'b']);
  });
  it('ignores blockers reported at an earlier drain', () => {
    const gone: RequestContext = {};
    expect(names(reportOrder([req('a', 'write'), req('b', 'write', { blockedBy: gone, strongBlock: true })]))).toEqual(['b', 'a']);
  });
});

describe('runBottomHalves (aio requests that failed at once)', () => {
  it('runs what was scheduled since the last poll, newest first, once', () => {
    const ran: string[] = [];
    const s = { bottomHalves: [() => ran.push('first'), () => ran.push('second')] } as unknown as Session;
    runBottomHalves(s);
    runBottomHalves(s);
    expect(ran).toEqual(['second', 'first']);
  });
});
