import { describe, expect, it } from 'vitest';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { barsAndStripes, hintonBars, hintonBarsDistribution, parityDataset, randomPatterns } from '../../../engine/data/generators';

const rows = (d: BinaryDataset): string[] => Array.from({ length: d.rowCount }, (_, r) => Array.from(d.bits.subarray(r * d.width, (r + 1) * d.width)).join(''));

/** Brute force over all 2^(size²) images: uniform rows or uniform columns. */
function isBarsOrStripes(image: string, size: number): { stripes: boolean; bars: boolean } {
  const bit = (r: number, c: number) => image[r * size + c];
  const stripes = Array.from({ length: size }, (_, r) => r).every((r) => [...Array(size).keys()].every((c) => bit(r, c) === bit(r, 0)));
  const bars = Array.from({ length: size }, (_, c) => c).every((c) => [...Array(size).keys()].every((r) => bit(r, c) === bit(0, c)));
  return { stripes, bars };
}

describe('parityDataset', () => {
  it('holds every n-bit input once with its parity bit and label; n = 2 is the XOR set', () => {
    for (const n of [1, 2, 3, 5]) {
      const d = parityDataset(n);
      expect(d).toMatchObject({ width: n + 1, rowCount: 2 ** n });
      const text = rows(d);
      expect(new Set(text.map((t) => t.slice(0, n))).size).toBe(2 ** n);
      text.forEach((t, r) => {
        const ones = [...t.slice(0, n)].filter((c) => c === '1').length;
        expect(Number(t[n])).toBe(ones % 2);
        expect(d.labels![r]).toBe(ones % 2);
      });
    }
    expect(new Set(rows(parityDataset(2)))).toEqual(new Set(['000', '110', '011', '101']));
    expect(() => parityDataset(0)).toThrow(/n must be a whole number from 1 to 16/);
  });
});

describe('barsAndStripes', () => {
  it('holds exactly the 4×4 images with uniform rows or columns (30), checked against all 65,536 images', () => {
    const d = barsAndStripes(4);
    const set = new Set(rows(d));
    expect(d.rowCount).toBe(30);
    expect(set.size).toBe(30);
    let count = 0;
    for (let p = 0; p < 1 << 16; p++) {
      const image = Array.from({ length: 16 }, (_, k) => (p >> k) & 1).join('');
      const { stripes, bars } = isBarsOrStripes(image, 4);
      expect(set.has(image)).toBe(stripes || bars);
      if (stripes || bars) count++;
    }
    expect(count).toBe(30);
    rows(d).forEach((image, r) => expect(d.labels![r]).toBe(isBarsOrStripes(image, 4).stripes ? 0 : 1));
  });
});

describe('hintonBars', () => {
  it('draws only bars-or-stripes images, reproducibly from the seed', () => {
    const a = hintonBars(2000, 5);
    expect(a).toMatchObject({ width: 16, rowCount: 2000, imageShape: { rows: 4, cols: 4 } });
    expect(hintonBars(2000, 5).bits).toEqual(a.bits);
    expect(hintonBars(2000, 6).bits).not.toEqual(a.bits);
    for (const image of rows(a)) {
      const { stripes, bars } = isBarsOrStripes(image, 4);
      expect(stripes || bars).toBe(true);
    }
  });

  it('matches the exact distribution within 4 standard errors per pattern (20,000 draws)', () => {
    const n = 20_000;
    const sample = rows(hintonBars(n, 11));
    const counts = new Map<string, number>();
    for (const image of sample) counts.set(image, (counts.get(image) ?? 0) + 1);
    const { dataset, probabilities } = hintonBarsDistribution(4);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const exact = rows(dataset);
    expect(new Set([...counts.keys()].filter((k) => !exact.includes(k))).size).toBe(0);
    exact.forEach((image, k) => {
      const p = probabilities[k];
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs((counts.get(image) ?? 0) / n - p)).toBeLessThan(4 * se);
    });
    // Blank and full come from both orientations: twice as likely as any other image.
    expect(probabilities[0]).toBe(1 / 16);
    expect(probabilities[1]).toBe(1 / 32);
  });
});

describe('randomPatterns', () => {
  it('has the requested density within 4 standard errors and keeps an image shape only for rows > 1', () => {
    const d = randomPatterns({ count: 500, rows: 8, cols: 8, density: 0.3, seed: 2 });
    expect(d.imageShape).toEqual({ rows: 8, cols: 8 });
    const mean = d.bits.reduce((a, b) => a + b, 0) / d.bits.length;
    expect(Math.abs(mean - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / d.bits.length));
    expect(randomPatterns({ count: 3, rows: 1, cols: 10, seed: 1 }).imageShape).toBeUndefined();
    expect(randomPatterns({ count: 3, rows: 1, cols: 10, seed: 1 }).bits).toEqual(randomPatterns({ count: 3, rows: 1, cols: 10, seed: 1 }).bits);
    expect(() => randomPatterns({ count: 3, rows: 1, cols: 10, density: 2, seed: 1 })).toThrow(/density/);
  });
});
