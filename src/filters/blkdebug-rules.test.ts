// Unit tests for blkdebug's rule engine: state transitions, active rules, once, sector and iotype matching.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from './blkdebug-config.ts';
import { buildEngine, checkRequest, processEvent } from './blkdebug-rules.ts';

const engine = (text: string) => buildEngine(parseConfigText(text));

describe('blkdebug rules', () => {
  it('an inject-error rule acts on requests only after its event', () => {
    const e = engine('[inject-error]\nevent = "l2_update"\nerrno = "28"\n');
    expect(checkRequest(e, 0, 512, 'write')).toBe(0);
    processEvent(e, 'l2_update');
    expect(checkRequest(e, 0, 512, 'write')).toBe(28);
    expect(checkRequest(e, 0, 512, 'read')).toBe(28);
    expect(checkRequest(e, 0, 0, 'flush')).toBe(28);
    expect(checkRequest(e, 0, 512, 'block-status')).toBe(0);
  });
  it('once removes the rule when it fires', () => {
    const e = engine('[inject-error]\nevent = "read_aio"\nonce = "on"\n');
    processEvent(e, 'read_aio');
    expect(checkRequest(e, 0, 512, 'read')).toBe(5);
    expect(checkRequest(e, 0, 512, 'read')).toBe(0);
    processEvent(e, 'read_aio');
    expect(checkRequest(e, 0, 512, 'read')).toBe(0);
  });
  it('sector and iotype narrow the match', () => {
    const e = engine('[inject-error]\nevent = "read_aio"\nsector = "2"\niotype = "read"\n');
    processEvent(e, 'read_aio');
    expect(checkRequest(e, 0, 1024, 'read')).toBe(0);
    expect(checkRequest(e, 1000, 100, 'read')).toBe(5);
    expect(checkRequest(e, 1024, 512, 'write')).toBe(0);
    expect(checkRequest(e, 1024, 0, 'read')).toBe(0);
  });
  it('set-state moves the state machine; rules with a state wait for it', () => {
    const e = engine('[set-state]\nevent = "write_aio"\nstate = "1"\nnew_state = "2"\n[inject-error]\nevent = "write_aio"\nstate = "2"\n');
    processEvent(e, 'write_aio');
    expect(e.state).toBe(2);
    expect(checkRequest(e, 0, 512, 'write')).toBe(0);
    processEvent(e, 'write_aio');
    expect(checkRequest(e, 0, 512, 'write')).toBe(5);
  });
  it('a later event with inject rules replaces the active list', () => {
    const e = engine('[inject-error]\nevent = "l1_update"\nerrno = "5"\n[inject-error]\nevent = "l2_load"\nerrno = "28"\nsector = "100"\n');
    processEvent(e, 'l1_update');
    processEvent(e, 'l2_load');
    expect(checkRequest(e, 0, 512, 'write')).toBe(0);
    expect(checkRequest(e, 51200, 512, 'write')).toBe(28);
  });
  it('breakpoints fire once', () => {
    const e = engine('');
    e.rules.unshift({ kind: 'break', event: 'write_aio', tag: 'A' });
    expect(processEvent(e, 'write_aio').map((b) => b.tag)).toEqual(['A']);
    expect(processEvent(e, 'write_aio')).toEqual([]);
  });
});
