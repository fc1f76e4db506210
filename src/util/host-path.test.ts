// hostPath keeps what open(2) needs to see.

import { describe, expect, it } from 'vitest';
import { hostPath } from './host-path.ts';

describe('hostPath', () => {
  it('resolves relative names against the cwd', () => {
    expect(hostPath('/a/b', 'c.img')).toBe('/a/b/c.img');
    expect(hostPath('/a/b', '../c.img')).toBe('/a/c.img');
    expect(hostPath('/a/b', '/x/y')).toBe('/x/y');
  });
  it('keeps a trailing slash so that a regular file named with one fails as ENOTDIR', () => {
    expect(hostPath('/a', 't.img/')).toBe('/a/t.img/');
    expect(hostPath('/a', '/')).toBe('/');
  });
});
