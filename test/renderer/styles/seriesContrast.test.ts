import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERIES_COLOUR_COUNT } from '../../../renderer/src/charts/seriesColours';
import { SERIES_PALETTE } from '../../../renderer/src/export/svgLineChart';

// Chart lines must stand out from the chart background: WCAG 2.1 asks 3:1 for graphical objects (SC 1.4.11).

const css = readFileSync(join(__dirname, '../../../renderer/src/styles/theme.css'), 'utf8');

/** The custom properties declared in the block that starts with `selector {`. */
function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start, `theme.css has a ${selector} block`).toBeGreaterThanOrEqual(0);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

const contrast = (a: string, b: string) => {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
};

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
