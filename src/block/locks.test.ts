import { describe, expect, it } from 'vitest';
import { childPerms, PERM, PERM_ALL } from './locks.ts';

describe('permissions per edge', () => {
  const none = { perm: 0, shared: PERM_ALL };
  it('formats take read (and write, resize when writable) on their file and do not share writing', () => {
    expect(childPerms('metadata', none, true, false)).toEqual({
      perm: PERM.CONSISTENT_READ | PERM.WRITE | PERM.RESIZE,
      shared: PERM.CONSISTENT_READ | PERM.WRITE_UNCHANGED,
    });
    expect(childPerms('metadata', none, false, false).perm).toBe(PERM.CONSISTENT_READ);
  });
  it('filters pass their users through and -U shares everything', () => {
    const user = { perm: PERM.CONSISTENT_READ, shared: PERM.CONSISTENT_READ | PERM.WRITE_UNCHANGED };
    expect(childPerms('filtered', user, false, false)).toEqual(user);
    expect(childPerms('filtered', user, false, true).shared).toBe(PERM_ALL);
  });
  it('backing files are only read', () => {
    expect(childPerms('cow', { perm: PERM.CONSISTENT_READ | PERM.WRITE, shared: PERM_ALL }, true, false).perm).toBe(PERM.CONSISTENT_READ);
  });
});
