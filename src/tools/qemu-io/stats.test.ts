// Unit tests for qemu-io's statistics formatting, against lines printed by qemu-io 7.2.
import { describe, expect, it } from 'vitest';
import { cvtstr, formatReport, timestr } from './stats.ts';

describe('cvtstr', () => {
  it('matches qemu-io', () => {
    expect(cvtstr(512)).toBe('512 bytes');
    expect(cvtstr(0)).toBe('0 bytes');
    expect(cvtstr(1024)).toBe('1 KiB');
    expect(cvtstr(1536)).toBe('1.500 KiB');
    expect(cvtstr(4097)).toBe('4.001 KiB');
    expect(cvtstr(1500000)).toBe('1.431 MiB');
    expect(cvtstr(1.123129)).toBe('1.123129 bytes');
    expect(cvtstr(512 * 1024 * 1024)).toBe('512 MiB');
    expect(cvtstr(1025 * 1024)).toBe('1.001 MiB');
  });
});

describe('timestr and reports', () => {
  it('formats short and fixed times', () => {
    expect(timestr({ sec: 0, nsec: 90_000_000 }, false)).toBe('00.09 sec');
    expect(timestr({ sec: 0, nsec: 80_000_000 }, true)).toBe('0:00:00.08');
    expect(timestr({ sec: 455, nsec: 870_000_000 }, false)).toBe('0:07:35.87');
    expect(timestr({ sec: 3725, nsec: 0 }, true)).toBe('1:02:05.00');
  });
  it('prints human and machine lines', () => {
    const d = { sec: 0, nsec: 500_000 };
    expect(formatReport(d, 512, 1, false)).toBe('512 bytes, 1 ops; 00.00 sec (1000 KiB/sec and 2000.0000 ops/sec)\n');
    expect(formatReport(d, 512, 1, true)).toBe('512,1,0:00:00.00,1024000.000,2000.000\n');
  });
});
