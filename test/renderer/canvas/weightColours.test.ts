import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Weighted edges must stand out from the canvas: WCAG 2.1 asks 3:1 for graphical objects (SC 1.4.11).

const read = (file: string) => readFileSync(join(__dirname, '../../../renderer/src', file), 'utf8');
const theme = read('styles/theme.css');
const weights = read('canvas/weights.css');

/** The custom properties declared in the block of `css` that starts with `selector {`. */
function tokens(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start, `a ${selector} block`).toBeGreaterThanOrEqual(0);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

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
