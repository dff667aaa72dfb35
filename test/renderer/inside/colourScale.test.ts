import { describe, expect, it } from 'vitest';
import { heatColour, heatPixels, legendStops, maxAbsOf, neutralColour, rgbCss } from '../../../renderer/src/inside/colourScale';

describe('diverging colour scale', () => {
  it('maps 0 to the theme neutral, −max to blue and +max (or beyond) to orange', () => {
    for (const theme of ['light', 'dark']) {
      expect(heatColour(0, 1, theme)).toEqual(neutralColour(theme));
      expect(heatColour(-3, 3, theme)).toEqual([33, 102, 172]);
      expect(heatColour(9, 3, theme)).toEqual([214, 96, 39]);
    }
    expect(heatColour(0.7, 0, 'light')).toEqual(neutralColour('light'));
  });

  it('fills each cell scale × scale RGBA pixels in its colour', () => {
    const values = [-1, 0, 1, 0.5];
    const pixels = heatPixels(values, 2, 2, 1, 'light', 3);
    expect(pixels.length).toBe(6 * 6 * 4);
    const at = (x: number, y: number) => Array.from(pixels.slice((y * 6 + x) * 4, (y * 6 + x) * 4 + 4));
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++)
        for (const [dx, dy] of [[0, 0], [2, 2], [1, 2]]) expect(at(j * 3 + dx, i * 3 + dy)).toEqual([...heatColour(values[i * 2 + j], 1, 'light'), 255]);
  });

  it('legend runs from the negative to the positive end through the neutral', () => {
    const stops = legendStops('dark', 5);
    expect(stops.map((s) => s.offset)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(stops[0].colour).toBe('rgb(33,102,172)');
    expect(stops[2].colour).toBe(rgbCss(neutralColour('dark')));
    expect(stops[4].colour).toBe('rgb(214,96,39)');
    expect(maxAbsOf([0.5, -2, 1])).toBe(2);
    expect(maxAbsOf([])).toBe(0);
  });
});
