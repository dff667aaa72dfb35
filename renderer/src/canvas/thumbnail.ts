import type { ImageShape } from '../../../engine/diagram/types';

/** Rows × cols of a layer's thumbnail: its image shape, else the most nearly square grid that holds every unit. */
export function thumbnailGrid(size: number, imageShape?: ImageShape): ImageShape {
  if (imageShape && imageShape.rows * imageShape.cols === size) return imageShape;
  const cols = Math.max(1, Math.ceil(Math.sqrt(size)));
  return { rows: Math.max(1, Math.ceil(size / cols)), cols };
}

/** What a thumbnail shows: trained biases (diverging colours), live activations (grey levels), or the bare unit grid. */
export type ThumbnailContent = { kind: 'biases'; values: ArrayLike<number> } | { kind: 'activations'; values: ArrayLike<number> } | { kind: 'units' };

/** Colours in [r, g, b]: the ends of the diverging scale (the weight heatmap's), its middle, and ink and paper for activations. */
export interface ThumbnailPalette {
  negative: [number, number, number];
  middle: [number, number, number];
  positive: [number, number, number];
  off: [number, number, number];
  on: [number, number, number];
  cell: [number, number, number];
}

export const LIGHT_PALETTE: ThumbnailPalette = {
  negative: [33, 102, 172],
  middle: [240, 242, 245],
  positive: [214, 96, 39],
  off: [255, 255, 255],
  on: [28, 34, 48],
  cell: [213, 217, 224],
};

export const DARK_PALETTE: ThumbnailPalette = {
  negative: [90, 150, 230],
  middle: [36, 41, 52],
  positive: [240, 130, 70],
  off: [20, 23, 29],
  on: [230, 233, 239],
  cell: [70, 78, 94],
};

const mix = (a: [number, number, number], b: [number, number, number], t: number) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

/**
 * RGBA pixels (row-major, one pixel per unit) of a thumbnail. Biases map to a diverging scale symmetric about 0 and
 * scaled by the largest |b|; activations (probabilities of being on, clamped to [0, 1]) blend paper into ink; cells past
 * the last unit of a padded grid stay transparent.
 */
export function thumbnailPixels(size: number, grid: ImageShape, content: ThumbnailContent, palette: ThumbnailPalette): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(grid.rows * grid.cols * 4);
  let scale = 0;
  if (content.kind === 'biases') for (let i = 0; i < size; i++) scale = Math.max(scale, Math.abs(content.values[i] ?? 0));
  for (let i = 0; i < Math.min(size, grid.rows * grid.cols); i++) {
    let rgb: readonly number[];
    // A checkerboard, so single units stay apart when there is nothing to show yet.
    if (content.kind === 'units') rgb = (Math.floor(i / grid.cols) + (i % grid.cols)) % 2 === 0 ? palette.cell : mix(palette.cell, palette.middle, 0.55);
    else if (content.kind === 'activations') rgb = mix(palette.off, palette.on, Math.min(1, Math.max(0, content.values[i] ?? 0)));
    else {
      const t = scale > 0 ? (content.values[i] ?? 0) / scale : 0;
      rgb = t < 0 ? mix(palette.middle, palette.negative, -t) : mix(palette.middle, palette.positive, t);
    }
    pixels.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  }
  return pixels;
}
