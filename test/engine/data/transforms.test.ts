import { describe, expect, it } from 'vitest';
import { SPLIT_TEST, type BinaryDataset } from '../../../engine/data/dataset';
import { barsAndStripes, randomPatterns } from '../../../engine/data/generators';
import { joinSplit, randomSplit, rowsOfPart, selectRows, splitDataset } from '../../../engine/data/split';
import { noisyCopies, shiftedCopies } from '../../../engine/data/transforms';

const row = (d: BinaryDataset, r: number): number[] => Array.from(d.bits.subarray(r * d.width, (r + 1) * d.width));

describe('noisyCopies', () => {
  it('flips bits at the requested rate (within 4 standard errors) and carries labels and split', () => {
    const source = { ...randomPatterns({ count: 50, rows: 1, cols: 100, seed: 1 }), labels: Int32Array.from({ length: 50 }, (_, i) => i % 3) };
    source.split = new Uint8Array(50).fill(SPLIT_TEST, 40);
    const noisy = noisyCopies(source, { copies: 4, flipProbability: 0.2, seed: 3, keepOriginals: true });
    expect(noisy.rowCount).toBe(250);
    let flips = 0;
    for (let r = 0; r < 50; r++) {
      expect(row(noisy, 5 * r)).toEqual(row(source, r));
      for (let k = 1; k < 5; k++) {
        const copy = row(noisy, 5 * r + k);
        flips += copy.filter((b, i) => b !== source.bits[r * 100 + i]).length;
        expect(noisy.labels![5 * r + k]).toBe(r % 3);
        expect(noisy.split![5 * r + k]).toBe(r >= 40 ? SPLIT_TEST : 0);
      }
    }
    const n = 50 * 4 * 100;
    expect(Math.abs(flips / n - 0.2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / n));
    expect(noisyCopies(source, { seed: 3 }).bits).toEqual(noisyCopies(source, { seed: 3 }).bits);
    expect(noisy.origin).toEqual({ method: 'noisy', settings: { source: source.id, copies: 4, flipProbability: 0.2, keepOriginals: true, seed: 3 } });
  });
});

describe('shiftedCopies', () => {
  const image: BinaryDataset = { id: 'i', name: 'dot', width: 9, rowCount: 1, bits: Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 1]), imageShape: { rows: 3, cols: 3 } };

  it('moves an image by every (dy, dx) up to maxShift, (0, 0) first, zero-filling or wrapping', () => {
    const shifted = shiftedCopies(image, { maxShift: 1 });
    expect(shifted.rowCount).toBe(9);
    expect(row(shifted, 0)).toEqual(row(image, 0));
    // Order: dy in [0, 1, -1], dx in [0, 1, -1]; (dy, dx) = (0, 1) pushes the right column off.
    expect(row(shifted, 1)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(row(shifted, 8)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0]);
    const wrapped = shiftedCopies(image, { maxShift: 1, wrap: true });
    expect(row(wrapped, 1)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0]);
    for (let r = 0; r < 9; r++) expect(row(wrapped, r).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('shifts plain rows along their length', () => {
    const plain: BinaryDataset = { id: 'p', name: 'p', width: 4, rowCount: 1, bits: Uint8Array.from([1, 1, 0, 0]) };
    const shifted = shiftedCopies(plain, { maxShift: 2 });
    expect([0, 1, 2, 3, 4].map((r) => row(shifted, r).join(''))).toEqual(['1100', '0110', '1000', '0011', '0000']);
    expect(() => shiftedCopies(plain, { maxShift: 4 })).toThrow(/maxShift must be a whole number from 1 to 3/);
  });
});

describe('splits', () => {
  it('randomSplit marks round(f·n) rows as test, seeded; splitDataset and joinSplit invert each other', () => {
    const bars = barsAndStripes(4);
    const split = randomSplit(bars, 0.25, 4);
    expect(rowsOfPart(split, 'test').length).toBe(8);
    expect(randomSplit(bars, 0.25, 4).split).toEqual(split.split);
    const { train, test } = splitDataset(split);
    expect(train.rowCount + test.rowCount).toBe(30);
    expect(train.split).toBeUndefined();
    expect(row(test, 0)).toEqual(row(bars, rowsOfPart(split, 'test')[0]));
    expect(test.labels![0]).toBe(bars.labels![rowsOfPart(split, 'test')[0]]);
    const joined = joinSplit(train, test, { id: 'j', name: 'joined' });
    expect(rowsOfPart(joined, 'train')).toEqual(Array.from({ length: 22 }, (_, i) => i));
    expect(joined.labelNames).toEqual(['stripes', 'bars']);
    expect(() => randomSplit(bars, 1, 0)).toThrow(/below 1/);
    expect(() => joinSplit(train, { ...test, width: 3 }, { id: 'x', name: 'x' })).toThrow(/16 bits but test rows 3/);
  });

  it('selectRows refuses rows outside the dataset', () => {
    expect(() => selectRows(barsAndStripes(3), [14])).toThrow(/row 14 is outside the dataset's 14 rows/);
    expect(rowsOfPart(barsAndStripes(3), 'train').length).toBe(14);
  });
});
