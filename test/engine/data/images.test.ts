import { describe, expect, it } from 'vitest';
import { resizeArea, rgbaToGray, thresholdImage, type GrayImage } from '../../../engine/data/images';
import { createRandom } from '../../../engine/random/seeded';

function randomImage(rows: number, cols: number, seed: number): GrayImage {
  const random = createRandom(seed);
  return { rows, cols, values: Float32Array.from({ length: rows * cols }, () => random.next()) };
}

const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;

describe('resizeArea', () => {
  it('averages whole blocks when the factor is an integer', () => {
    const image = randomImage(6, 9, 1);
    const small = resizeArea(image, 2, 3);
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += image.values[(3 * r + i) * 9 + 3 * c + j];
      expect(small.values[r * 3 + c]).toBeCloseTo(sum / 9, 6);
    }
  });

  it('keeps the mean intensity for any factor, up or down', () => {
    const image = randomImage(28, 28, 2);
    for (const [rows, cols] of [[8, 8], [5, 11], [28, 28], [40, 33]]) {
      expect(mean(resizeArea(image, rows, cols).values)).toBeCloseTo(mean(image.values), 5);
    }
  });

  it('splits a pixel straddling two output cells by its overlap (3 → 2: weights 1, ½ | ½, 1 over 1.5)', () => {
    const out = resizeArea({ rows: 1, cols: 3, values: Float32Array.from([0, 1, 0.5]) }, 1, 2);
    expect(Array.from(out.values)).toEqual([expect.closeTo((0 + 0.5) / 1.5, 6), expect.closeTo((0.5 + 0.5) / 1.5, 6)]);
  });

  it('refuses sizes that are not whole numbers from 1 to 4096', () => {
    expect(() => resizeArea(randomImage(2, 2, 3), 0, 2)).toThrow(/from 1 to 4096/);
    expect(() => resizeArea(randomImage(2, 2, 3), 2.5, 2)).toThrow(/from 1 to 4096/);
  });
});

describe('thresholdImage and rgbaToGray', () => {
  const image: GrayImage = { rows: 1, cols: 4, values: Float32Array.from([0, 0.49, 0.5, 1]) };
  it('marks light pixels (≥ threshold) or dark ones (< threshold)', () => {
    expect(Array.from(thresholdImage(image, 0.5, 'light'))).toEqual([0, 0, 1, 1]);
    expect(Array.from(thresholdImage(image, 0.5, 'dark'))).toEqual([1, 1, 0, 0]);
    expect(() => thresholdImage(image, -0.1, 'dark')).toThrow(/between 0 and 1/);
  });

  it('reads luminance and composites transparency over white', () => {
    const rgba = Uint8Array.from([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0]);
    const gray = rgbaToGray(rgba, 1, 4);
    expect(Array.from(gray.values)).toEqual([expect.closeTo(1, 6), 0, expect.closeTo(0.299, 6), 1]);
    expect(() => rgbaToGray(rgba, 2, 4)).toThrow(/expected 32/);
  });
});
