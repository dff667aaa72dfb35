import { describe, expect, it } from 'vitest';
import { classifyScores, rowShares, scoreColumn } from '../../../renderer/src/classify/classification';

describe('classifyScores', () => {
  it('takes the best class per row (the first on a tie), counts true × predicted and the binomial standard error', () => {
    // Rows 0–3 labelled 5, 5, 9, 9; class 0 stands for label 9, class 1 for label 5.
    const scores = [
      [-1, -3, -2, -4],
      [-2, -1, -2, -1],
    ];
    const result = classifyScores(scores, [5, 5, 9, 9], [9, 5]);
    expect(Array.from(result.predictedClass)).toEqual([0, 1, 0, 1]);
    expect(Array.from(result.trueClass)).toEqual([1, 1, 0, 0]);
    expect(result.counts).toEqual([1, 1, 1, 1]);
    expect(result.misclassified).toEqual([0, 3]);
    expect(result.errorRate).toBe(0.5);
    expect(result.standardError).toBeCloseTo(Math.sqrt(0.25 / 4), 15);
  });

  it('leaves rows of labels no class stands for out of the counts', () => {
    const result = classifyScores([[0, 0, 1], [1, 1, 0]], [0, 2, 1], [0, 1]);
    expect(result.skipped).toBe(1);
    expect(result.total).toBe(2);
    expect(result.counts).toEqual([0, 1, 1, 0]);
    expect(result.misclassified).toEqual([0, 2]);
  });

  it('refuses score columns of other lengths and duplicate labels, naming the fix', () => {
    expect(() => classifyScores([[0, 1], [0]], [0, 1], [0, 1])).toThrow('Class 1 scored 1 rows but the data has 2; every model must score the same rows');
    expect(() => classifyScores([[0], [0]], [0], [1, 1])).toThrow('Two classes stand for the same label; give each class its own label');
  });
});

describe('rowShares and scoreColumn', () => {
  it('normalises each confusion row, empty rows to 0', () => {
    expect(rowShares([3, 1, 0, 0], 2)).toEqual([0.75, 0.25, 0, 0]);
  });

  it('reads the named scalar column of a stored inference table', () => {
    const page = { name: 'inference', summary: { groups: [{ key: 'logProbability', start: 0, width: 1 }, { key: 'hiddenMeans', start: 1, width: 2 }] }, array: { dtype: 'float32' as const, shape: [2, 3], values: [-1.5, 0.2, 0.3, -2.5, 0.4, 0.5] } };
    expect(Array.from(scoreColumn(page, 'logProbability'))).toEqual([-1.5, -2.5]);
    expect(() => scoreColumn(page, 'lowerBound')).toThrow("Output 'inference' holds no lowerBound column; run the classification again");
  });
});
