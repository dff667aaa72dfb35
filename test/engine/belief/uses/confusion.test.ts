import { describe, expect, it } from 'vitest';
import { confusionMatrix, formatConfusionMatrix } from '../../../../engine/belief/uses/confusion';

describe('confusion matrix', () => {
  it('counts (true, predicted) pairs and the error rate', () => {
    const matrix = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
    expect(Array.from(matrix.counts)).toEqual([1, 1, 0, 0, 1, 0, 1, 0, 2]);
    expect(matrix.total).toBe(6);
    expect(matrix.errorRate).toBeCloseTo(2 / 6, 12);
    const text = formatConfusionMatrix(matrix, ['a', 'b', 'c']);
    expect(text.split('\n')[3].trim().split(/\s+/)).toEqual(['c', '1', '0', '2']);
    expect(text).toMatch(/error rate 33\.33% of 6/);
  });

  it('refuses labels outside the classes and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/Label 3 of pattern 1 is outside 0…2/);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/1 true labels but 2 predictions/);
  });
});
