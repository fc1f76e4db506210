// Unit tests for the qemu-io hexdump, against qemu-io 7.2's `read -v` output.
import { describe, expect, it } from 'vitest';
import { hexdump } from './hexdump.ts';

describe('hexdump', () => {
  it('prints full and partial lines with alphanumerics only', () => {
    const data = new Uint8Array(20).fill(0x41);
    data[16] = 0x20;
    data[17] = 0x7e;
    data[18] = 0x30;
    data[19] = 0xab;
    expect(hexdump(data, 3)).toBe(
      '00000003:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA\n' +
        '00000013:  20 7e 30 ab  ..0.\n',
    );
  });
  it('widens offsets past 32 bits', () => {
    expect(hexdump(new Uint8Array(4), 0x10000000a)).toBe('10000000a:  00 00 00 00  ....\n');
  });
  it('prints nothing for no data', () => {
    expect(hexdump(new Uint8Array(0), 0)).toBe('');
  });
});
