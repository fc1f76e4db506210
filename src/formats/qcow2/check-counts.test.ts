// ClusterCounts: per-cluster reference counts in the image's refcount width, saturating at its maximum, growing on demand.
import { describe, expect, it } from 'vitest';
import { ClusterCounts } from './check-counts.ts';

describe('ClusterCounts', () => {
  it('saturates at the refcount maximum of narrow widths', () => {
    const c = new ClusterCounts(0, 4); // refcount_bits=1
    expect(c.inc(2)).toBe(true);
    expect(c.inc(2)).toBe(false);
    expect(c.get(2)).toBe(1);
    const w = new ClusterCounts(4, 4); // 16 bits
    for (let i = 0; i < 65535; i++) w.inc(1);
    expect(w.inc(1)).toBe(false);
    expect(w.get(1)).toBe(65535);
  });
  it('holds wide counts for 32 and 64 bit refcounts', () => {
    const c = new ClusterCounts(6, 2);
    c.set(0, 2 ** 40);
    expect(c.inc(0)).toBe(true);
    expect(c.get(0)).toBe(2 ** 40 + 1);
    const d = new ClusterCounts(5, 2);
    d.set(1, 2 ** 32 - 1);
    expect(d.inc(1)).toBe(false);
  });
  it('reads zero past its length and grows when set there, tracking the highest non-zero cluster', () => {
    const c = new ClusterCounts(4, 3);
    expect(c.get(100)).toBe(0);
    expect(c.highestSet).toBe(-1);
    c.set(1, 1);
    c.set(10, 2);
    expect(c.length).toBe(11);
    expect(c.get(10)).toBe(2);
    expect(c.get(1)).toBe(1);
    expect(c.highestSet).toBe(10);
    c.set(20, 0);
    expect(c.length).toBe(21);
    expect(c.highestSet).toBe(10);
  });
  it('finds the next used cluster across widths, ranges and the end', () => {
    for (const order of [0, 4, 5, 6]) {
      const c = new ClusterCounts(order, 100_000);
      c.set(5, 1);
      c.set(70_000, 1);
      expect(c.nextUsed(0)).toBe(5);
      expect(c.nextUsed(5)).toBe(5);
      expect(c.nextUsed(6)).toBe(70_000);
      expect(c.nextUsed(6, 1000)).toBe(1000);
      expect(c.nextUsed(70_001)).toBe(100_000);
      expect(c.nextUsed(200_000, 300_000)).toBe(300_000);
    }
  });
});
