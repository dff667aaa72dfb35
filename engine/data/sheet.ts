/** A contact sheet: a dataset's rows drawn as tiles in one grey image, for PNG export and previews. */
import type { BinaryDataset } from './dataset';

export interface ContactSheetArgs {
  /** Rows drawn, from the first. Default 256. */
  maxRows?: number;
  /** Pixels per bit. Default: enough for tiles about 32 pixels across (at least 1). */
  scale?: number;
  /** Grey pixels between tiles (not scaled). Default 1; none when a single row is drawn. */
  gap?: number;
}

/** Grey levels of the sheet: 1 bits are black ink on white paper, gaps are mid-grey. */
export const SHEET_INK = 0;
export const SHEET_PAPER = 255;
export const SHEET_GAP = 160;

/**
 * Tiles of the first maxRows rows (image-shaped rows as rows × cols tiles, others as 1 × width strips) in a grid
 * about as wide as it is tall, row-major; a single row gives exactly its image.
 */
export function contactSheet(dataset: BinaryDataset, args: ContactSheetArgs = {}): { rows: number; cols: number; gray: Uint8Array } {
  const count = Math.min(dataset.rowCount, args.maxRows ?? 256);
  if (count === 0) throw new Error(`Dataset '${dataset.name}' has no rows to draw.`);
  const tileRows = dataset.imageShape?.rows ?? 1;
  const tileCols = dataset.imageShape?.cols ?? dataset.width;
  const scale = args.scale ?? Math.max(1, Math.floor(32 / Math.max(tileRows, tileCols)));
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) throw new Error(`The scale must be a whole number from 1 to 64; got ${scale}.`);
  const gap = count === 1 ? 0 : (args.gap ?? 1);
  const across = dataset.imageShape ? Math.ceil(Math.sqrt(count)) : 1;
  const down = Math.ceil(count / across);
  const tileHeight = tileRows * scale;
  const tileWidth = tileCols * scale;
  const rows = down * tileHeight + (down - 1) * gap;
  const cols = across * tileWidth + (across - 1) * gap;
  if (rows * cols > 64_000_000) throw new Error(`A ${cols}×${rows} image is too large; draw fewer rows or use a smaller scale.`);
  const gray = new Uint8Array(rows * cols).fill(SHEET_GAP);
  for (let k = 0; k < count; k++) {
    const top = Math.floor(k / across) * (tileHeight + gap);
    const left = (k % across) * (tileWidth + gap);
    for (let y = 0; y < tileHeight; y++) {
      const bitRow = Math.floor(y / scale);
      for (let x = 0; x < tileWidth; x++) {
        const bit = dataset.bits[k * dataset.width + bitRow * tileCols + Math.floor(x / scale)];
        gray[(top + y) * cols + left + x] = bit === 1 ? SHEET_INK : SHEET_PAPER;
      }
    }
  }
  // Empty cells of the last grid row stay gap-grey.
  return { rows, cols, gray };
}
