/** Grey-level image helpers for dataset import: resampling and thresholding to 0/1 bits. Intensities are in [0, 1]. */

/** A grey image, row-major, one intensity per pixel in [0, 1] (0 = black, 1 = white). */
export interface GrayImage {
  rows: number;
  cols: number;
  values: Float32Array;
}

/** Which pixels become 1: the dark ones (ink on paper) or the light ones (MNIST's white strokes on black). */
export type InkPolarity = 'dark' | 'light';

/**
 * Weights of an area-averaging resampler along one axis: weights[o * from + k] is the fraction of output cell o
 * covered by input cell k, when `from` cells are stretched onto `to` (each row sums to 1).
 */
function areaWeights(from: number, to: number): Float64Array {
  const weights = new Float64Array(to * from);
  const scale = from / to;
  for (let o = 0; o < to; o++) {
    const start = o * scale;
    const end = start + scale;
    for (let k = Math.floor(start); k < Math.min(from, Math.ceil(end)); k++) {
      const overlap = Math.min(end, k + 1) - Math.max(start, k);
      if (overlap > 0) weights[o * from + k] = overlap / scale;
    }
  }
  return weights;
}

/** Resizes by area averaging (each output pixel is the mean intensity of the input area it covers), so thin strokes fade rather than vanish. */
export function resizeArea(image: GrayImage, rows: number, cols: number): GrayImage {
  checkSize(rows, cols);
  if (rows === image.rows && cols === image.cols) return { rows, cols, values: Float32Array.from(image.values) };
  const wr = areaWeights(image.rows, rows);
  const wc = areaWeights(image.cols, cols);
  // Separable: columns first (image.rows × cols), then rows.
  const partial = new Float64Array(image.rows * cols);
  for (let r = 0; r < image.rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let k = 0; k < image.cols; k++) sum += wc[c * image.cols + k] * image.values[r * image.cols + k];
      partial[r * cols + c] = sum;
    }
  }
  const values = new Float32Array(rows * cols);
  for (let o = 0; o < rows; o++) {
    for (let r = 0; r < image.rows; r++) {
      const w = wr[o * image.rows + r];
      if (w === 0) continue;
      for (let c = 0; c < cols; c++) values[o * cols + c] += w * partial[r * cols + c];
    }
  }
  return { rows, cols, values };
}

/** 0/1 bits of an image: 1 where the pixel is at least as light as `threshold` ('light' ink) or darker than it ('dark' ink). */
export function thresholdImage(image: GrayImage, threshold: number, ink: InkPolarity): Uint8Array {
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`The threshold must be between 0 and 1; got ${threshold}.`);
  const bits = new Uint8Array(image.values.length);
  for (let i = 0; i < bits.length; i++) {
    const light = image.values[i] >= threshold;
    bits[i] = (ink === 'light') === light ? 1 : 0;
  }
  return bits;
}

/** Luminance (ITU-R BT.601 weights) of RGBA bytes, composited over white so transparent pixels read as paper. */
export function rgbaToGray(rgba: Uint8Array, rows: number, cols: number): GrayImage {
  if (rgba.length !== rows * cols * 4) throw new Error(`RGBA data holds ${rgba.length} bytes, expected ${rows * cols * 4} for ${rows}×${cols}`);
  const values = new Float32Array(rows * cols);
  for (let p = 0; p < values.length; p++) {
    const alpha = rgba[4 * p + 3] / 255;
    const luma = (0.299 * rgba[4 * p] + 0.587 * rgba[4 * p + 1] + 0.114 * rgba[4 * p + 2]) / 255;
    values[p] = alpha * luma + (1 - alpha);
  }
  return { rows, cols, values };
}

/** Throws unless rows and cols are whole numbers from 1 to 4096. */
export function checkSize(rows: number, cols: number): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 4096;
  if (!ok(rows) || !ok(cols)) throw new Error(`An image size must be whole numbers of pixels from 1 to 4096; got ${rows}×${cols}.`);
}

/** Otsu (1979): the threshold that maximises the between-class variance of the 256-bin intensity histogram. */
export function otsuThreshold(image: GrayImage): number {
  const histogram = new Float64Array(256);
  for (const value of image.values) histogram[Math.min(255, Math.max(0, Math.round(value * 255)))]++;
  const total = image.values.length;
  let sumAll = 0;
  for (let k = 0; k < 256; k++) sumAll += k * histogram[k];
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 0;
  let bestVariance = -1;
  for (let k = 0; k < 255; k++) {
    weightBelow += histogram[k];
    sumBelow += k * histogram[k];
    const weightAbove = total - weightBelow;
    if (weightBelow === 0 || weightAbove === 0) continue;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = k;
    }
  }
  // Pixels ≤ bin `best` form the dark class; the threshold sits halfway to the next bin.
  return bestVariance < 0 ? 0.5 : (best + 0.5) / 255;
}
