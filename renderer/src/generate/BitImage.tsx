import { memo } from 'react';
import { pixelPaths } from './pixelPaths';

/** Colours written into the SVG itself, so an exported image looks as on screen. */
export const INK = '#1c2230';
export const PAPER = '#eceff4';
export const MASK_COLOUR = '#e0a020';
export const HIGHLIGHT = '#2e7d32';

interface BitImageProps {
  /** Values in [0, 1], row-major. */
  values: ArrayLike<number>;
  cols: number;
  rows: number;
  /** Side of one pixel in SVG units. */
  pixel: number;
  x?: number;
  y?: number;
}

/** Unit values drawn as an image inside an SVG: paper background, ink at opacity P(on), one path per grey level. */
export const BitImage = memo(function BitImage({ values, cols, rows, pixel, x = 0, y = 0 }: BitImageProps) {
  const paths = pixelPaths(values, cols);
  return (
    <g transform={`translate(${x} ${y}) scale(${pixel})`}>
      <rect width={cols} height={rows} fill={PAPER} />
      {paths.map((p) => (
        <path key={p.level} d={p.d} fill={INK} fillOpacity={p.level} />
      ))}
    </g>
  );
});

/** Pixel side that fits an image of `rows × cols` into a box of `size` SVG units (at least 2). */
export function pixelSize(shape: { rows: number; cols: number }, size: number): number {
  return Math.max(2, Math.floor(size / Math.max(shape.rows, shape.cols)));
}
