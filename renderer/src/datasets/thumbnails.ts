/** Layout of a dataset's preview rows as tiles on one canvas: image-shaped rows as small images, others as strips. */

export interface TileLayout {
  /** Canvas size in pixels. */
  width: number;
  height: number;
  /** Pixels per bit. */
  scale: number;
  tileRows: number;
  tileCols: number;
  /** Tiles per canvas row. */
  across: number;
  gap: number;
  count: number;
}

/** Tiles of at most `tilePx` pixels a side (strips up to `stripPx` wide), as many across as fit in `maxWidth`. */
export function tileLayout(
  count: number,
  width: number,
  imageShape: { rows: number; cols: number } | undefined,
  options: { maxWidth: number; tilePx?: number; stripPx?: number; gap?: number },
): TileLayout {
  const gap = options.gap ?? 2;
  const tileRows = imageShape?.rows ?? 1;
  const tileCols = imageShape?.cols ?? width;
  const target = imageShape ? (options.tilePx ?? 28) : (options.stripPx ?? options.maxWidth);
  const scale = Math.max(1, Math.min(12, Math.floor(target / Math.max(tileRows, tileCols))));
  const tileWidth = tileCols * scale;
  const across = imageShape ? Math.max(1, Math.floor((options.maxWidth + gap) / (tileWidth + gap))) : 1;
  const down = Math.ceil(count / across);
  return {
    width: Math.min(count, across) * (tileWidth + gap) - gap,
    height: Math.max(0, down * (tileRows * scale + gap) - gap),
    scale,
    tileRows,
    tileCols,
    across,
    gap,
    count,
  };
}

/** RGBA pixels of the tiles: 1 bits in `ink`, 0 bits in `paper`, gaps transparent. Rows are '0'/'1' strings. */
export function paintTiles(rows: string[], layout: TileLayout, ink: [number, number, number], paper: [number, number, number]): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(layout.width * layout.height * 4);
  const tileHeight = layout.tileRows * layout.scale;
  const tileWidth = layout.tileCols * layout.scale;
  for (let k = 0; k < Math.min(rows.length, layout.count); k++) {
    const top = Math.floor(k / layout.across) * (tileHeight + layout.gap);
    const left = (k % layout.across) * (tileWidth + layout.gap);
    for (let y = 0; y < tileHeight; y++) {
      for (let x = 0; x < tileWidth; x++) {
        const bit = rows[k].charCodeAt(Math.floor(y / layout.scale) * layout.tileCols + Math.floor(x / layout.scale)) === 49;
        const [r, g, b] = bit ? ink : paper;
        const p = ((top + y) * layout.width + left + x) * 4;
        pixels[p] = r;
        pixels[p + 1] = g;
        pixels[p + 2] = b;
        pixels[p + 3] = 255;
      }
    }
  }
  return pixels;
}
