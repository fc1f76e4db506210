import { describe, expect, it } from 'vitest';
import { countFromOutput, countingConfig } from './event-count.ts';

describe('countingConfig', () => {
  it('chains one set-state and one probe-limited inject-error per state', () => {
    const c = countingConfig('cluster_alloc', 0x50000, 2);
    expect(c.match(/\[set-state\]/g)).toHaveLength(2);
    expect(c).toContain('state = "2"\nnew_state = "3"');
    expect(c).toContain('errno = "1002"\nsector = "640"\nonce = "off"');
  });
});

describe('countFromOutput', () => {
  it('reads the count from the probe error, 0 from a successful probe', () => {
    expect(countFromOutput('wrote 512/512 bytes at offset 4096\nread failed: Unknown error 1007\n')).toBe(7);
    expect(countFromOutput('read 512/512 bytes at offset 0\n512 bytes, 1 ops; ...\n')).toBe(0);
    expect(countFromOutput("qemu-io: can't open device x\n")).toBeUndefined();
  });
});
