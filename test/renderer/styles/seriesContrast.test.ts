import { describe, expect, it } from 'vitest';
import { SERIES_COLOUR_COUNT } from '../../../renderer/src/charts/seriesColours';
import { SERIES_PALETTE } from '../../../renderer/src/export/svgLineChart';
import { contrast, cssTokens, rendererFile } from './contrast';

// Chart lines must stand out from the chart background: WCAG 2.1 asks 3:1 for graphical objects (SC 1.4.11).

const css = rendererFile('styles/theme.css');
const tokens = (selector: string) => cssTokens(css, selector);

describe('chart series colours against the theme backgrounds', () => {
  const light = tokens(':root');
  const dark = { ...light, ...tokens(":root[data-theme='dark']") };
  const series = Array.from({ length: SERIES_COLOUR_COUNT }, (_, i) => `--series-${i + 1}`);

  it('checks what it claims: the old light palette on the dark surface falls short', () => {
    expect(contrast('#2f5fd0', dark['--surface'])).toBeLessThan(3);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 6);
  });

  for (const [name, theme] of [['light', light], ['dark', dark]] as const) {
    it(`${name}: every series colour and the accent line are at least 3:1 against --surface and --bg`, () => {
      for (const token of [...series, '--accent']) {
        expect(theme[token], `${token} in the ${name} theme`).toMatch(/^#[0-9a-f]{6}$/i);
        for (const background of ['--surface', '--bg']) {
          expect({ token, background, ratio: contrast(theme[token], theme[background]) >= 3 }).toEqual({ token, background, ratio: true });
        }
      }
    });
  }

  it('the light series are the export palette, so a saved chart looks like the light screen', () => {
    expect(series.map((t) => light[t].toLowerCase())).toEqual(SERIES_PALETTE.map((c) => c.toLowerCase()));
  });
});
