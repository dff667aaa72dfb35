/** Images of unit values as a few SVG paths: one path per grey level, so a 28×28 image is a handful of DOM nodes. */

/** Grey levels an image of probabilities is quantised to (0 and 1 always exact). */
export const GREY_LEVELS = 10;

export interface PixelPath {
  /** Value of the pixels in this path, in [0, 1]. */
  level: number;
  /** SVG path data of unit squares (one per pixel) in image coordinates. */
  d: string;
}

/** Values in [0, 1] (row-major, `cols` per row) grouped into paths by grey level; level-0 pixels are left to the background. */
export function pixelPaths(values: ArrayLike<number>, cols: number, levels = GREY_LEVELS): PixelPath[] {
  const parts = new Map<number, string[]>();
  for (let i = 0; i < values.length; i++) {
    const level = Math.round(Math.min(1, Math.max(0, values[i])) * levels);
    if (level === 0) continue;
    const list = parts.get(level) ?? [];
    list.push(`M${i % cols} ${Math.floor(i / cols)}h1v1h-1z`);
    parts.set(level, list);
  }
  return [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([level, list]) => ({ level: level / levels, d: list.join('') }));
}

/** Squares of side `size` over the pixels whose flag is set (mask overlays, highlighted pixels). */
export function flaggedPath(flags: ArrayLike<boolean>, cols: number, size = 1): string {
  let d = '';
  for (let i = 0; i < flags.length; i++) if (flags[i]) d += `M${(i % cols) * size} ${Math.floor(i / cols) * size}h${size}v${size}h${-size}z`;
  return d;
}

/** Bits ('0'/'1' string) as values. */
export const bitValues = (bits: string): number[] => Array.from(bits, (b) => (b === '1' ? 1 : 0));
