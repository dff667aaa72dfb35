import { describe, expect, it } from 'vitest';
import { m4Indices } from '../../../renderer/src/export/decimate';
import { createRandom } from '../../../engine/random/seeded';

describe('M4 decimation of long series', () => {
  it('keeps short series whole', () => {
    expect(m4Indices([1, 2, 3], [5, 4, 6], 1)).toEqual([0, 1, 2]);
    expect(() => m4Indices([1], [1], 0)).toThrow(/bucket/);
  });

  it('keeps at most four points per bucket, the ends, and every bucket’s first, last, lowest and highest point', () => {
    const random = createRandom(7);
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i + 1);
    const y = x.map((step) => Math.exp(-step / 20_000) + 0.05 * random.normal());
    const buckets = 300;
    const kept = m4Indices(x, y, buckets);
    expect(kept.length).toBeLessThanOrEqual(4 * buckets);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
    const keptSet = new Set(kept);
    // Brute force per bucket: the decimated line reaches the same extremes at the same pixel column.
    const bucketOf = (i: number) => Math.min(buckets - 1, Math.floor(((x[i] - x[0]) / (x[n - 1] - x[0])) * buckets));
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) (members.get(bucketOf(i)) ?? members.set(bucketOf(i), []).get(bucketOf(i))!).push(i);
    for (const indices of members.values()) {
      const values = indices.map((i) => y[i]);
      const keptValues = indices.filter((i) => keptSet.has(i)).map((i) => y[i]);
      expect(Math.max(...keptValues)).toBe(Math.max(...values));
      expect(Math.min(...keptValues)).toBe(Math.min(...values));
      expect(keptSet.has(indices[0])).toBe(true);
      expect(keptSet.has(indices[indices.length - 1])).toBe(true);
    }
  });
});
