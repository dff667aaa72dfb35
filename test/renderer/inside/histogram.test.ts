import { describe, expect, it } from 'vitest';
import { histogram, summaryStats } from '../../../renderer/src/inside/histogram';

describe('weight histograms', () => {
  it('bins like a direct count over equal bins, the maximum in the last bin', () => {
    const values = Array.from({ length: 1000 }, (_, k) => Math.sin(k * 1.7) * 3);
    const { edges, counts } = histogram(values, 17);
    expect(edges).toHaveLength(18);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    const min = Math.min(...values);
    const max = Math.max(...values);
    expect(edges[0]).toBe(min);
    expect(edges[17]).toBe(max);
    for (let k = 0; k < 17; k++) {
      const direct = values.filter((v) => v >= edges[k] && (k === 16 ? v <= edges[k + 1] : v < edges[k + 1])).length;
      expect(Math.abs(counts[k] - direct)).toBeLessThanOrEqual(1); // a value on an edge may round to either side
    }
    expect(counts[16]).toBeGreaterThan(0);
  });

  it('puts a constant block in one bar and refuses a non-integer bin count', () => {
    const { edges, counts } = histogram([0.3, 0.3, 0.3], 4);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(counts.filter((c) => c > 0)).toEqual([3]);
    expect(edges[0]).toBeCloseTo(-0.2, 9);
    expect(() => histogram([1], 0)).toThrow(/bins/);
    expect(() => histogram([1], 2.5)).toThrow(/bins/);
  });

  it('mean, population std, min and max', () => {
    const s = summaryStats(Float32Array.of(1, 2, 3, 4));
    expect(s).toEqual({ count: 4, mean: 2.5, std: Math.sqrt(1.25), min: 1, max: 4 });
    expect(summaryStats([]).count).toBe(0);
    expect(Number.isNaN(summaryStats([]).mean)).toBe(true);
  });
});
