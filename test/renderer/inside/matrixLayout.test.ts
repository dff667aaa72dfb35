import { describe, expect, it } from 'vitest';
import { cellSpan, hintonLegend, hintonSide, matrixLayout, pooledMatrix, RECT_LIMIT } from '../../../renderer/src/inside/matrixLayout';

describe('weight block layout', () => {
  it('draws a small block one rect per weight at the largest cell size', () => {
    expect(matrixLayout(9, 6, 'hinton')).toEqual({ factor: 1, rows: 9, cols: 6, cellPx: 20, render: 'rects' });
    expect(matrixLayout(9, 6, 'heatmap').render).toBe('rects');
  });

  it('pools a 784 × 500 block and draws it as one image, never more than the rect limit as rects', () => {
    for (const mode of ['hinton', 'heatmap'] as const) {
      const layout = matrixLayout(784, 500, mode);
      expect(layout.factor).toBeGreaterThan(1);
      expect(layout.rows).toBe(Math.ceil(784 / layout.factor));
      expect(layout.cols).toBe(Math.ceil(500 / layout.factor));
      expect(layout.render).toBe('image');
      expect(Math.max(layout.rows, layout.cols) * layout.cellPx).toBeLessThanOrEqual(480);
    }
    // Hinton squares need ≥ 4 px each, so a Hinton diagram pools more than a heatmap.
    expect(matrixLayout(784, 500, 'hinton').factor).toBeGreaterThan(matrixLayout(784, 500, 'heatmap').factor);
    const edge = matrixLayout(64, 64, 'heatmap');
    expect(edge.rows * edge.cols).toBeLessThanOrEqual(RECT_LIMIT);
    expect(edge.render).toBe('rects');
    expect(matrixLayout(65, 64, 'heatmap').render).toBe('image');
  });

  it('pools by the mean of each tile, partial edge tiles averaging what they hold', () => {
    // 3 × 5 matrix with value 10·i + j, pooled 2 × 2 → 2 × 3 tiles.
    const values = Array.from({ length: 15 }, (_, k) => 10 * Math.floor(k / 5) + (k % 5));
    const pooled = Array.from(pooledMatrix(values, 3, 5, 2));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(pooled).toEqual([mean([0, 1, 10, 11]), mean([2, 3, 12, 13]), mean([4, 14]), mean([20, 21]), mean([22, 23]), 24].map(Math.fround));
    expect(Array.from(pooledMatrix(values, 3, 5, 1))).toEqual(values);
  });

  it('sizes Hinton squares so that area ∝ |w|, the largest 90% of the cell side', () => {
    expect(hintonSide(-2, 2, 20)).toBeCloseTo(18, 9);
    expect(hintonSide(0.5, 2, 20) ** 2 / hintonSide(2, 2, 20) ** 2).toBeCloseTo(0.25, 9);
    expect(hintonSide(-0.5, 2, 20)).toBe(hintonSide(0.5, 2, 20));
    expect(hintonSide(5, 2, 20)).toBeCloseTo(18, 9);
    expect(hintonSide(0, 0, 20)).toBe(0);
    expect(hintonLegend(4, 20).map((e) => e.value)).toEqual([4, 2, 1]);
  });

  it('names the unit span behind a pooled cell', () => {
    expect(cellSpan(0, 1, 9)).toEqual([0, 1]);
    expect(cellSpan(2, 7, 16)).toEqual([14, 16]);
  });
});
