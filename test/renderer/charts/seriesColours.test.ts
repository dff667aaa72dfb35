import { describe, expect, it } from 'vitest';
import { drawsPoints } from '../../../renderer/src/charts/chartTable';
import { SERIES_COLOUR_COUNT, seriesColour } from '../../../renderer/src/charts/seriesColours';

describe('series colours', () => {
  it('cycles through the theme variables --series-1 … --series-8', () => {
    expect(seriesColour(0)).toBe('var(--series-1)');
    expect(seriesColour(7)).toBe('var(--series-8)');
    expect(seriesColour(SERIES_COLOUR_COUNT + 2)).toBe('var(--series-3)');
    expect(seriesColour(-1)).toBe('var(--series-8)');
  });
});

describe('which series are drawn with dots', () => {
  it('a series with fewer than two points, which has no line to show', () => {
    expect(drawsPoints([0.7])).toBe(true);
    expect(drawsPoints([null, null, 0.4, null])).toBe(true);
    expect(drawsPoints([])).toBe(true);
  });

  it('a sparse series (one value in four steps or fewer), but not a dense one', () => {
    expect(drawsPoints([1, null, null, null, 2, null, null, null])).toBe(true);
    expect(drawsPoints([1, null, null, 2, null, null])).toBe(false);
    expect(drawsPoints([0.7, 0.6])).toBe(false);
    expect(drawsPoints([0.7, 0.6, 0.5, 0.4, 0.3])).toBe(false);
  });
});
