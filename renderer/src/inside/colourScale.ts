import { divergingColour } from '../weights/weightMatrix';

export type Rgb = [number, number, number];

/** The colour of zero on the diverging scale: the panel's own background tone, so small weights fade out. */
export function neutralColour(theme: string): Rgb {
  return theme === 'dark' ? [40, 44, 52] : [246, 246, 246];
}

/** Weight → colour on the diverging scale (negative blue, zero neutral, positive orange), saturating at ±maxAbs. */
export function heatColour(value: number, maxAbs: number, theme: string): Rgb {
  return divergingColour(value, maxAbs, neutralColour(theme));
}

/** Hinton diagram colours (Hinton's convention): white squares for positive, black for negative, on grey. */
export const HINTON_COLOURS = { positive: '#ffffff', negative: '#000000', background: '#8a8a8a' } as const;

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r},${g},${b})`;
}

/** Stops of the legend gradient from −maxAbs to +maxAbs (offset 0…1 and colour). */
export function legendStops(theme: string, count = 9): { offset: number; colour: string }[] {
  return Array.from({ length: count }, (_, k) => {
    const t = k / (count - 1);
    return { offset: t, colour: rgbCss(heatColour(2 * t - 1, 1, theme)) };
  });
}

/** Largest |value| (0 for an empty or all-zero array). */
export function maxAbsOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** Fills RGBA pixels for a rows × cols matrix on the diverging scale, each cell `scale` × `scale` pixels. */
export function heatPixels(values: ArrayLike<number>, rows: number, cols: number, maxAbs: number, theme: string, scale = 1): Uint8ClampedArray {
  const width = cols * scale;
  const pixels = new Uint8ClampedArray(width * rows * scale * 4);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const [r, g, b] = heatColour(values[i * cols + j], maxAbs, theme);
      for (let y = i * scale; y < (i + 1) * scale; y++) {
        for (let x = j * scale; x < (j + 1) * scale; x++) {
          const p = (y * width + x) * 4;
          pixels[p] = r;
          pixels[p + 1] = g;
          pixels[p + 2] = b;
          pixels[p + 3] = 255;
        }
      }
    }
  }
  return pixels;
}
