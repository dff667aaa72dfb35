/** Synthetic binary datasets from the sources: parity, bars and stripes, Hinton's bars, random patterns. All seeded. */
import { createRandom } from '../random/seeded';
import type { BinaryDataset } from './dataset';

/** Mehlig §4.4 generalised: all 2ⁿ inputs x (x1 most significant) followed by their parity bit; labels are the parity. n = 2 is XOR. */
export function parityDataset(n: number): BinaryDataset {
  checkWhole('n', n, 1, 16);
  const rowCount = 2 ** n;
  const width = n + 1;
  const bits = new Uint8Array(rowCount * width);
  const labels = new Int32Array(rowCount);
  for (let x = 0; x < rowCount; x++) {
    let parity = 0;
    for (let i = 0; i < n; i++) {
      const bit = (x >> (n - 1 - i)) & 1;
      bits[x * width + i] = bit;
      parity ^= bit;
    }
    bits[x * width + n] = parity;
    labels[x] = parity;
  }
  return { id: `builtin-parity-${n}`, name: `${n}-bit parity`, width, rowCount, bits, labels, labelNames: ['even', 'odd'] };
}

/** The image with bar k (row k when horizontal, column k when vertical) on for every set bit k of `mask`. */
function barsImage(size: number, mask: number, horizontal: boolean): Uint8Array {
  const image = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) image[r * size + c] = (mask >> (horizontal ? r : c)) & 1;
  }
  return image;
}

/**
 * Mehlig Fig. 4.4 (after MacKay): every size×size image whose rows are all uniform (stripes) or whose columns are all
 * uniform (bars), each once: 2·2^size − 2 patterns (blank and full are both). Labels: 0 stripes, 1 bars (blank and full: 0).
 */
export function barsAndStripes(size: number): BinaryDataset {
  checkWhole('size', size, 2, 8);
  const patterns: Uint8Array[] = [];
  const labels: number[] = [];
  for (let mask = 0; mask < 1 << size; mask++) {
    patterns.push(barsImage(size, mask, true));
    labels.push(0);
  }
  for (let mask = 1; mask < (1 << size) - 1; mask++) {
    patterns.push(barsImage(size, mask, false));
    labels.push(1);
  }
  return {
    id: `builtin-bars-stripes-${size}x${size}`,
    name: `Bars and stripes ${size}×${size}`,
    ...stack(patterns, size * size),
    imageShape: { rows: size, cols: size },
    labels: Int32Array.from(labels),
    labelNames: ['stripes', 'bars'],
  };
}

/**
 * Hinton et al. (1995), Bishop et al. (1998) §3: a size×size image holds horizontal or vertical bars with equal
 * probability, each of the `size` positions occupied with probability ½. `count` independent draws; labels 0 horizontal, 1 vertical.
 */
export function hintonBars(count: number, seed: number, size = 4): BinaryDataset {
  checkWhole('count', count, 1, 1_000_000);
  checkWhole('size', size, 2, 8);
  const random = createRandom(seed);
  const patterns: Uint8Array[] = [];
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const horizontal = random.next() < 0.5;
    let mask = 0;
    for (let k = 0; k < size; k++) if (random.next() < 0.5) mask |= 1 << k;
    patterns.push(barsImage(size, mask, horizontal));
    labels[n] = horizontal ? 0 : 1;
  }
  return {
    id: `builtin-hinton-bars-${size}x${size}`,
    name: `Hinton's bars ${size}×${size} (${count} draws)`,
    ...stack(patterns, size * size),
    imageShape: { rows: size, cols: size },
    labels,
    labelNames: ['horizontal', 'vertical'],
  };
}

/**
 * The exact distribution hintonBars samples: its 2·2^size − 2 distinct images and their probabilities, 2^−(size+1)
 * each, except blank and full, which both orientations produce: 2^−size each.
 */
export function hintonBarsDistribution(size = 4): { dataset: BinaryDataset; probabilities: Float64Array } {
  const dataset = barsAndStripes(size);
  const full = (1 << size) - 1;
  const probabilities = new Float64Array(dataset.rowCount).map((_, row) => (row === 0 || row === full ? 2 ** -size : 2 ** -(size + 1)));
  return { dataset: { ...dataset, id: `builtin-hinton-bars-distribution-${size}x${size}`, name: `Hinton's bars ${size}×${size} (all patterns)` }, probabilities };
}

export interface RandomPatternsArgs {
  /** Number of patterns. */
  count: number;
  /** Bits per pattern = rows × cols; an image shape is kept when rows > 1. */
  rows: number;
  cols: number;
  /** Probability that a bit is 1. Default ½ (Mehlig §2.2's random patterns for Hopfield storage). */
  density?: number;
  seed: number;
}

/** Mehlig §2.2: independent random patterns, each bit 1 with probability `density`. */
export function randomPatterns(args: RandomPatternsArgs): BinaryDataset {
  const { count, rows, cols, density = 0.5, seed } = args;
  checkWhole('count', count, 1, 1_000_000);
  checkWhole('rows', rows, 1, 4096);
  checkWhole('cols', cols, 1, 4096);
  if (!(density >= 0 && density <= 1)) throw new Error(`density must be between 0 and 1; got ${density}.`);
  const width = rows * cols;
  if (count * width > 2 ** 28) throw new Error(`${count} patterns of ${width} bits is too many; keep count × width under 2^28.`);
  const random = createRandom(seed);
  const bits = new Uint8Array(count * width);
  for (let i = 0; i < bits.length; i++) bits[i] = random.next() < density ? 1 : 0;
  return {
    id: `builtin-random-${count}x${width}`,
    name: `Random patterns (${count} × ${width} bits, density ${density})`,
    width,
    rowCount: count,
    bits,
    ...(rows > 1 ? { imageShape: { rows, cols } } : {}),
  };
}

/** Concatenates equal-length patterns into one bit array. */
function stack(patterns: Uint8Array[], width: number): { width: number; rowCount: number; bits: Uint8Array } {
  const bits = new Uint8Array(patterns.length * width);
  patterns.forEach((pattern, row) => bits.set(pattern, row * width));
  return { width, rowCount: patterns.length, bits };
}

/** Throws unless value is a whole number in [min, max], naming the option. */
export function checkWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}; got ${value}.`);
  }
}
