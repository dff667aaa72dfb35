/** New datasets made from an existing one: noisy copies, shifted copies. Labels and the train/test split follow each row. */
import { createRandom } from '../random/seeded';
import type { BinaryDataset } from './dataset';
import { checkWhole } from './generators';

export interface NoisyCopiesArgs {
  /** Noisy copies made of every row. Default 1. */
  copies?: number;
  /** Probability that each bit of a copy is flipped (Mehlig §2.3's distorted patterns). Default 0.1. */
  flipProbability?: number;
  /** Keep the original rows ahead of their copies. Default false. */
  keepOriginals?: boolean;
  seed: number;
}

/** Every row repeated `copies` times with each bit flipped independently with probability flipProbability. */
export function noisyCopies(source: BinaryDataset, args: NoisyCopiesArgs): BinaryDataset {
  const { copies = 1, flipProbability = 0.1, keepOriginals = false, seed } = args;
  checkWhole('copies', copies, 1, 1000);
  if (!(flipProbability >= 0 && flipProbability <= 1)) throw new Error(`flipProbability must be between 0 and 1; got ${flipProbability}.`);
  const random = createRandom(seed);
  const perRow = copies + (keepOriginals ? 1 : 0);
  const { width } = source;
  const out = derivedRows(source, perRow);
  for (let row = 0; row < source.rowCount; row++) {
    const original = source.bits.subarray(row * width, (row + 1) * width);
    for (let k = 0; k < perRow; k++) {
      const target = (row * perRow + k) * width;
      out.bits.set(original, target);
      if (keepOriginals && k === 0) continue;
      for (let i = 0; i < width; i++) if (random.next() < flipProbability) out.bits[target + i] ^= 1;
    }
  }
  return {
    ...out,
    name: `${source.name} · noisy (${copies}×, flip ${flipProbability})`,
    origin: { method: 'noisy', settings: { source: source.id, copies, flipProbability, keepOriginals, seed } },
  };
}

export interface ShiftedCopiesArgs {
  /** Largest shift in pixels along each axis (rows and columns for images, positions otherwise). Default 1. */
  maxShift?: number;
  /** Bits pushed off one edge come back at the other (true) or the vacated bits are 0 (false). Default false. */
  wrap?: boolean;
}

/**
 * Every row at every shift (dy, dx) with |dy|, |dx| ≤ maxShift, (0, 0) first: (2·maxShift + 1)² copies of an image
 * row, 2·maxShift + 1 of a plain row (shifted along its length).
 */
export function shiftedCopies(source: BinaryDataset, args: ShiftedCopiesArgs = {}): BinaryDataset {
  const { maxShift = 1, wrap = false } = args;
  const rows = source.imageShape?.rows ?? 1;
  const cols = source.imageShape?.cols ?? source.width;
  checkWhole('maxShift', maxShift, 1, Math.max(1, Math.max(rows, cols) - 1));
  const range = [0];
  for (let s = 1; s <= maxShift; s++) range.push(s, -s);
  const shifts: [number, number][] = [];
  for (const dy of rows > 1 ? range : [0]) for (const dx of range) shifts.push([dy, dx]);
  const out = derivedRows(source, shifts.length);
  const { width } = source;
  for (let row = 0; row < source.rowCount; row++) {
    shifts.forEach(([dy, dx], k) => {
      const target = (row * shifts.length + k) * width;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          let sr = r - dy;
          let sc = c - dx;
          if (wrap) {
            sr = (sr + rows) % rows;
            sc = (sc + cols) % cols;
          } else if (sr < 0 || sr >= rows || sc < 0 || sc >= cols) continue;
          out.bits[target + r * cols + c] = source.bits[row * width + sr * cols + sc];
        }
      }
    });
  }
  return {
    ...out,
    name: `${source.name} · shifted (±${maxShift}${wrap ? ', wrapped' : ''})`,
    origin: { method: 'shifted', settings: { source: source.id, maxShift, wrap } },
  };
}

/** An empty dataset shaped like `source` with each row repeated `perRow` times, its labels and split repeated alike. */
function derivedRows(source: BinaryDataset, perRow: number): BinaryDataset {
  const rowCount = source.rowCount * perRow;
  if (rowCount * source.width > 2 ** 28) {
    throw new Error(`${source.rowCount} rows × ${perRow} copies × ${source.width} bits is too many; keep it under 2^28 bits.`);
  }
  const repeat = <T extends Int32Array | Uint8Array>(values: T, make: (n: number) => T): T => {
    const out = make(rowCount);
    for (let row = 0; row < source.rowCount; row++) out.fill(values[row], row * perRow, (row + 1) * perRow);
    return out;
  };
  return {
    id: `${source.id}-derived`,
    name: source.name,
    width: source.width,
    rowCount,
    bits: new Uint8Array(rowCount * source.width),
    ...(source.imageShape ? { imageShape: { ...source.imageShape } } : {}),
    ...(source.labels ? { labels: repeat(source.labels, (n) => new Int32Array(n)) } : {}),
    ...(source.labelNames ? { labelNames: [...source.labelNames] } : {}),
    ...(source.split ? { split: repeat(source.split, (n) => new Uint8Array(n)) } : {}),
  };
}
