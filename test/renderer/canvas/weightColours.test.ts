import { describe, expect, it } from 'vitest';
import { contrast, cssTokens, rendererFile } from '../styles/contrast';

// Weighted edges must stand out from the canvas: WCAG 2.1 asks 3:1 for graphical objects (SC 1.4.11).

const theme = rendererFile('styles/theme.css');
const weights = rendererFile('canvas/weights.css');
const tokens = cssTokens;

describe('edge weight colours', () => {
  const light = { ...tokens(theme, ':root'), ...tokens(weights, ':root') };
  const dark = { ...light, ...tokens(theme, ":root[data-theme='dark']"), ...tokens(weights, ":root[data-theme='dark']") };

  for (const [name, palette] of [['light', light], ['dark', dark]] as const) {
    it(`${name}: both ends of the scale are at least 3:1 against the canvas and the legend`, () => {
      for (const token of ['--weight-negative', '--weight-positive']) {
        expect(palette[token], `${token} in the ${name} theme`).toMatch(/^#[0-9a-f]{6}$/i);
        for (const background of ['--bg', '--surface']) expect({ token, background, ok: contrast(palette[token], palette[background]) >= 3 }).toEqual({ token, background, ok: true });
      }
    });
  }

  it('every tint step the edges use is declared, from the neutral edge colour to the full colour', () => {
    for (const sign of ['negative', 'positive']) {
      for (let k = 0; k <= 10; k++) expect(light[`--weight-${sign}-${k}`]).toBe(`color-mix(in srgb, var(--weight-${sign}) ${k * 10}%, var(--weight-zero))`);
    }
    expect(light['--weight-zero']).toBe('var(--edge-coupling)');
  });
});
