import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadMnistDigits, mnistClassCounts } from '../../../projects/datasets/mnist';

const packageRequire = createRequire(import.meta.url);
const rawClass = (digit: number): number[] =>
  (JSON.parse(readFileSync(packageRequire.resolve(`mnist/src/digits/${digit}.json`), 'utf8')) as { data: number[] }).data;

/** Independent reference: duplicate every pixel `up` times each way, then average `block`×`block` squares. */
function blockReference(image: number[], up: number, block: number, threshold: number): number[] {
  const side = 28 * up;
  const out = side / block;
  const bits: number[] = [];
  for (let r = 0; r < out; r++) {
    for (let c = 0; c < out; c++) {
      let sum = 0;
      for (let i = 0; i < block; i++) for (let j = 0; j < block; j++) {
        const y = Math.floor((r * block + i) / up);
        const x = Math.floor((c * block + j) / up);
        sum += image[y * 28 + x];
      }
      bits.push(sum / (block * block) >= threshold ? 1 : 0);
    }
  }
  return bits;
}

const rowOf = (bits: Uint8Array, width: number, row: number): number[] => Array.from(bits.subarray(row * width, (row + 1) * width));

describe('loadMnistDigits', () => {
  it('gives 8×8 digits with 700 training and 150 test images per class, labels interleaved 0…9', async () => {
    const { train, test } = await loadMnistDigits({ size: 8 });
    expect(train).toMatchObject({ width: 64, rowCount: 7000, imageShape: { rows: 8, cols: 8 } });
    expect(test).toMatchObject({ width: 64, rowCount: 1500, imageShape: { rows: 8, cols: 8 } });
    expect(Array.from(train.labels!.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    for (let d = 0; d < 10; d++) {
      expect(train.labels!.filter((l) => l === d).length).toBe(700);
      expect(test.labels!.filter((l) => l === d).length).toBe(150);
    }
    expect(train.labelNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(train.bits.every((b) => b === 0 || b === 1)).toBe(true);
    // Strokes survive the 3.5× reduction: every image keeps some ink and none is solid.
    for (let row = 0; row < train.rowCount; row++) {
      const ink = rowOf(train.bits, 64, row).reduce((a, b) => a + b, 0);
      expect(ink).toBeGreaterThan(0);
      expect(ink).toBeLessThan(64);
    }
  });

  it('matches an independent block-average reference at 8×8 (28 → 56 → 7×7 blocks) and 14×14, train then test', async () => {
    const threes = rawClass(3);
    const image = (index: number) => threes.slice(index * 784, (index + 1) * 784);
    const eight = await loadMnistDigits({ size: 8, threshold: 0.4, digits: [3], trainPerClass: 5, testPerClass: 3 });
    for (let i = 0; i < 5; i++) expect(rowOf(eight.train.bits, 64, i)).toEqual(blockReference(image(i), 2, 7, 0.4));
    for (let i = 0; i < 3; i++) expect(rowOf(eight.test.bits, 64, i)).toEqual(blockReference(image(5 + i), 2, 7, 0.4));
    const fourteen = await loadMnistDigits({ size: 14, digits: [3], trainPerClass: 2, testPerClass: 1 });
    expect(rowOf(fourteen.train.bits, 196, 1)).toEqual(blockReference(image(1), 1, 2, 0.25));
    const full = await loadMnistDigits({ size: 28, threshold: 0.2, digits: [3], trainPerClass: 1, testPerClass: 0 });
    expect(rowOf(full.train.bits, 784, 0)).toEqual(image(0).map((v) => (v >= 0.2 ? 1 : 0)));
  });

  it('is the same split every call and the test images follow the training ones', async () => {
    const a = await loadMnistDigits({ size: 8, trainPerClass: 20, testPerClass: 10 });
    const b = await loadMnistDigits({ size: 8, trainPerClass: 30, testPerClass: 5 });
    expect(a.train.bits.subarray(0, 20 * 10 * 64)).toEqual(b.train.bits.subarray(0, 20 * 10 * 64));
    expect(a.test.bits.subarray(0, 10 * 64)).toEqual(b.train.bits.subarray(20 * 10 * 64, 21 * 10 * 64));
  });

  it('refuses more images than the package holds, naming the digit, and bad sizes', async () => {
    expect((await mnistClassCounts())[5]).toBe(863);
    await expect(loadMnistDigits({ size: 8, trainPerClass: 800, testPerClass: 100 })).rejects.toThrow(/863 images of the digit 5/);
    await expect(loadMnistDigits({ size: 0 })).rejects.toThrow(/from 1 to 28/);
    await expect(loadMnistDigits({ size: 8, threshold: 2 })).rejects.toThrow(/threshold/);
    await expect(loadMnistDigits({ size: 8, digits: [3, 3] })).rejects.toThrow(/distinct/);
  });
});
