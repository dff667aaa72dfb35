/**
 * The digit experiment of Saul & Jordan (2000) §4 on the mnist package's digits (8×8, 700 training and 150 test images per
 * class): one 8-24-64 network per class trained as in footnote 2, test error by −L next to k-nearest neighbours, throughput,
 * the convergence of L under eqs. 3.13 and 3.14 (their Fig. 2), and fantasies and filled-in bottom halves as PNGs (Fig. 3)
 * in test-results/digits/. Prints, never asserts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { selectBackend } from '../../engine/backend/selectBackend';
import { attractorRelax } from '../../engine/belief/attractor/relax';
import { ancestralSample, visibleBits } from '../../engine/belief/sampling';
import { attractorScore, classify } from '../../engine/belief/uses/classify';
import { confusionMatrix, formatConfusionMatrix } from '../../engine/belief/uses/confusion';
import { attractorMeans, inpaint } from '../../engine/belief/uses/inpaint';
import { nearestNeighbourClassify } from '../../engine/belief/uses/nearestNeighbours';
import {
  classIndices,
  DIGIT_TRAINING,
  filledPixelAccuracy,
  loadDigits,
  pixelFrequencies,
  rowsOf,
  topRowsKnown,
  trainDigitNetworks,
} from '../engine/belief/uses/digitTask';

const OUTPUT = 'test-results/digits';
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const SIZE = 8;

/** A grid of 8×8 grey images (values in [0, 1], 1 = white ink) scaled up `zoom` times, one row of tiles per entry of `rows`. */
function writeGrid(file: string, rows: Float32Array[][], zoom = 4, gap = 2): void {
  const columns = Math.max(...rows.map((r) => r.length));
  const tile = SIZE * zoom + gap;
  const png = new PNG({ width: columns * tile + gap, height: rows.length * tile + gap });
  png.data.fill(96);
  rows.forEach((images, r) => {
    images.forEach((image, c) => {
      for (let y = 0; y < SIZE * zoom; y++) {
        for (let x = 0; x < SIZE * zoom; x++) {
          const value = Math.round(255 * image[Math.floor(y / zoom) * SIZE + Math.floor(x / zoom)]);
          const offset = ((gap + r * tile + y) * png.width + gap + c * tile + x) * 4;
          png.data.set([value, value, value, 255], offset);
        }
      }
    });
  });
  writeFileSync(join(OUTPUT, file), PNG.sync.write(png));
}

const image = (bits: ArrayLike<number>, row: number): Float32Array => Float32Array.from({ length: SIZE * SIZE }, (_, p) => bits[row * SIZE * SIZE + p]);

/** Runs the full digit task and prints its figures. */
export async function benchDigits(): Promise<void> {
  const backend = await selectBackend();
  console.log(`\ndigits (Saul & Jordan §4), backend ${backend}`);
  const { train, test } = await loadDigits(DIGITS);
  console.log(`  data: mnist package, 8×8 binarised, ${train.rowCount} training / ${test.rowCount} test images (700 / 150 per class)`);

  const trained = await trainDigitNetworks(train, DIGITS, 5, 1, DIGIT_TRAINING);
  console.log(
    `  training: 10 networks 8-24-64 side by side, 5 passes on-line, η = 0.05, 16 iterations of eqs. 3.12 + 3.14 (Δt = 0.25): ` +
      `${trained.seconds.toFixed(1)} s, ${(trained.examples / trained.seconds).toFixed(0)} training examples/s`,
  );
  trained.history.forEach((perClass, pass) => {
    const mean = perClass.reduce((a, b) => a + b, 0) / perClass.length;
    console.log(`    pass ${pass + 1}: mean −L per training image ${mean.toFixed(2)} (per class ${Array.from(perClass, (v) => v.toFixed(1)).join(' ')})`);
  });

  const truth = classIndices(test, DIGITS);
  const start = performance.now();
  const result = await classify(trained.networks, test.bits, test.rowCount, attractorScore());
  const seconds = (performance.now() - start) / 1000;
  const matrix = confusionMatrix(truth, result.predicted, DIGITS.length);
  console.log(`  classification by −L: ${(test.rowCount / seconds).toFixed(0)} test images classified/s (10 networks each)`);
  console.log(formatConfusionMatrix(matrix).replace(/^/gm, '    '));
  const trainLabels = classIndices(train, DIGITS);
  const knn: string[] = [];
  for (const k of [1, 3, 5]) {
    const predicted = await nearestNeighbourClassify({ rowCount: train.rowCount, bits: train.bits, labels: trainLabels }, test.bits, test.rowCount, 64, { k });
    knn.push(`k = ${k}: ${(100 * confusionMatrix(truth, predicted, 10).errorRate).toFixed(2)}%`);
  }
  console.log(`  test error: attractor −L ${(100 * matrix.errorRate).toFixed(2)}%; k-nearest neighbours (Hamming) ${knn.join(', ')}`);
  console.log('    (Saul & Jordan on 8×8 USPS digits, 400 test images per class: 4.4% mean field, 6.7% k-NN)');

  await benchConvergence(trained.networks[3], rowsOf(test, 3));
  mkdirSync(OUTPUT, { recursive: true });
  await writeFigures(trained.networks, train, test);
}

/** L along eqs. 3.12 + 3.13 and 3.12 + 3.14 from the top-down start (Fig. 2), averaged over test images of one class. */
async function benchConvergence(network: Parameters<typeof attractorRelax>[0], set: { rowCount: number; bits: Uint8Array }): Promise<void> {
  const evidence = { units: network.visibleIndices, values: set.bits, count: set.rowCount };
  const marks = [0, 1, 2, 4, 8, 16, 32, 64];
  for (const [xiUpdate, dt] of [['sigmoid', 0.25], ['exact', 0.25], ['exact', 0.02]] as const) {
    const iterations = dt === 0.02 ? 800 : 64;
    const run = await attractorRelax(network, evidence, { iterations, stepSize: dt, xiUpdate });
    const meanAt = (t: number): number => run.trace!.subarray(t * set.rowCount, (t + 1) * set.rowCount).reduce((a, b) => a + b, 0) / set.rowCount;
    const points = (dt === 0.02 ? marks.map((m) => m * 12.5) : marks).filter((t) => t <= iterations);
    console.log(`  mean L, digit-3 network, eq. ${xiUpdate === 'sigmoid' ? '3.14' : '3.13'} Δt = ${dt}: ${points.map((t) => `t=${(t * dt).toFixed(2)}: ${meanAt(t).toFixed(3)}`).join(', ')}`);
  }
}

/** Fantasies (ancestral samples) and filled-in bottom halves of test images, with the fill's pixel accuracy against baselines. */
async function writeFigures(networks: Parameters<typeof ancestralSample>[0][], train: Awaited<ReturnType<typeof loadDigits>>['train'], test: Awaited<ReturnType<typeof loadDigits>>['test']): Promise<void> {
  const fantasies = networks.map((net, c) => {
    const bits = visibleBits(ancestralSample(net, { count: 12, seed: 100 + c }), net.visibleIndices);
    return Array.from({ length: 12 }, (_, r) => image(bits, r));
  });
  writeGrid('fantasies.png', fantasies);

  const known = topRowsKnown(SIZE);
  const blank = new Array(64).fill(0);
  const rows: Float32Array[][] = [];
  let [filled, prior, frequency] = [0, 0, 0];
  for (let c = 0; c < networks.length; c++) {
    const set = rowsOf(test, DIGITS[c]);
    const means = await inpaint(networks[c], set.bits, set.rowCount, { known });
    filled += filledPixelAccuracy(set.bits, means, known) / networks.length;
    const priorMeans = await inpaint(networks[c], set.bits, set.rowCount, { known: blank, method: attractorMeans({ iterations: 0 }) });
    prior += filledPixelAccuracy(set.bits, priorMeans, known) / networks.length;
    const frequencies = pixelFrequencies(rowsOf(train, DIGITS[c]), 64);
    frequency += filledPixelAccuracy(set.bits, Float32Array.from(set.bits, (_, p) => frequencies[p % 64]), known) / networks.length;
    const row: Float32Array[] = [];
    for (let r = 0; r < 6; r++) row.push(image(set.bits, r), image(means, r));
    rows.push(row);
  }
  writeGrid('inpainted.png', rows);
  console.log(
    `  bottom halves filled in from top halves (attractor, class network): ${(100 * filled).toFixed(1)}% of pixels right ` +
      `(same network without evidence ${(100 * prior).toFixed(1)}%, class pixel frequencies ${(100 * frequency).toFixed(1)}%)`,
  );
  console.log(`  wrote ${OUTPUT}/fantasies.png (12 per class, rows 0–9) and ${OUTPUT}/inpainted.png (pairs: test image, filled-in bottom half)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDigits();
