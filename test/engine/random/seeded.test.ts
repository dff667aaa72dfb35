import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../engine/random/seeded';

const draw = (seed: number, count: number): number[] => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random.next());
};

describe('createRandom', () => {
  it('reproduces the same stream for the same seed and differs across seeds', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
    expect(draw(42, 100)).not.toEqual(draw(43, 100));
    expect(draw(0, 10)).not.toEqual(draw(2 ** 32, 10));
  });

  it('draws next() in [0, 1) with mean 1/2 and variance 1/12 within 5 standard errors', () => {
    const n = 200_000;
    const xs = draw(7, n);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
    // sd(mean) = sqrt(1/12/n); sd(sample variance) = sqrt((1/80 − 1/144)/n) for U(0,1).
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('draws normal() with mean 0, variance 1 and kurtosis 3 within 5 standard errors', () => {
    const random = createRandom(11);
    const n = 200_000;
    const zs = Array.from({ length: n }, () => random.normal());
    const mean = zs.reduce((a, b) => a + b, 0) / n;
    const variance = zs.reduce((a, z) => a + z * z, 0) / n;
    const fourth = zs.reduce((a, z) => a + z ** 4, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(fourth - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('draws int(n) uniformly over 0..n−1 (chi-square, 9 dof, below the 0.999 quantile 27.9)', () => {
    const random = createRandom(5);
    const counts = new Array(10).fill(0);
    const n = 100_000;
    for (let k = 0; k < n; k++) counts[random.int(10)]++;
    const chi2 = counts.reduce((a, c) => a + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
    expect(() => random.int(0)).toThrow(/positive integer/);
  });

  it('forks deterministic streams that depend on the label and not on draws already made', () => {
    const a = createRandom(3);
    const b = createRandom(3);
    for (let k = 0; k < 17; k++) b.next();
    const fa = a.fork('weights');
    const fb = b.fork('weights');
    const seq = (r: ReturnType<typeof createRandom>) => Array.from({ length: 20 }, () => r.next());
    expect(seq(fa)).toEqual(seq(fb));
    expect(seq(a.fork('weights'))).not.toEqual(seq(a.fork('biases')));
    expect(seq(a.fork('weights'))).not.toEqual(seq(createRandom(3)));
    expect(seq(createRandom(4).fork('weights'))).not.toEqual(seq(createRandom(3).fork('weights')));
  });

  it('forked streams are uncorrelated with their parent (|r| < 5/√n)', () => {
    const n = 50_000;
    const parent = createRandom(9);
    const child = createRandom(9).fork('x');
    let sxy = 0;
    for (let k = 0; k < n; k++) sxy += (parent.next() - 0.5) * (child.next() - 0.5);
    expect(Math.abs((sxy / n) * 12)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('gives tfSeed() as a non-negative 31-bit integer, reproducibly', () => {
    const seeds = Array.from({ length: 100 }, ((r) => () => r.tfSeed())(createRandom(1)));
    for (const s of seeds) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 31);
    }
    expect(new Set(seeds).size).toBeGreaterThan(95);
    expect(createRandom(1).tfSeed()).toBe(seeds[0]);
  });
});
