/** RBM figures for `npm run bench`: CD-1 on a 784×500 RBM with binarised MNIST digits, one thread and two worker threads, and AIS. Prints, never asserts. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentBackend, selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import type { BinaryDataset } from '../../engine/data/dataset';
import { estimateRbmLikelihood } from '../../engine/energy/rbm/ais';
import { AIS_DEFAULTS } from '../../engine/likelihood/estimate';
import { startContrastiveDivergence } from '../../engine/energy/rbm/cd';
import { rbmView, type RbmView } from '../../engine/energy/rbm/view';
import { initialParameters } from '../../engine/model/parameters';
import { rbmModel } from '../engine/helpers/models';
import { runParallel } from '../engine/energy/rbm/parallel';

const VISIBLE = 784;
const HIDDEN = 500;
const BATCH = 100;
const LEARNING_RATE = 0.05;

/** The `mnist` package's 10 000 digits (values in [0, 1]), binarised at 0.5, all digits of one class after another. */
function binarisedDigits(): BinaryDataset {
  const digits = createRequire(import.meta.url)('mnist') as { raw: number[]; length: number }[];
  const rowCount = digits.reduce((n, d) => n + d.length, 0);
  const bits = new Uint8Array(rowCount * VISIBLE);
  let offset = 0;
  for (const digit of digits) {
    for (let k = 0; k < digit.length * VISIBLE; k++) bits[offset + k] = digit.raw[k] > 0.5 ? 1 : 0;
    offset += digit.length * VISIBLE;
  }
  return { id: 'mnist-binarised', name: 'MNIST digits (mnist package), binarised at 0.5', width: VISIBLE, rowCount, bits, imageShape: { rows: 28, cols: 28 } };
}

/** Rows [start, end) of `data`. */
const rowsOf = (data: BinaryDataset, start: number, end: number): BinaryDataset => ({
  ...data,
  rowCount: end - start,
  bits: data.bits.subarray(start * data.width, end * data.width),
});

/** Examples per second of single-thread CD-1 over one epoch, after a warm-up epoch on 1 000 rows. */
async function singleThread(data: BinaryDataset): Promise<{ rate: number; session: Awaited<ReturnType<typeof startContrastiveDivergence>> }> {
  const model = rbmModel(VISIBLE, HIDDEN, 'binary01');
  const args = { k: 1, batchSize: BATCH, learningRate: LEARNING_RATE, seed: 1 };
  const warm = await startContrastiveDivergence(model, rowsOf(data, 0, 1000), args);
  await warm.epoch();
  warm.dispose();
  const session = await startContrastiveDivergence(model, data, args);
  const t0 = performance.now();
  await session.epoch();
  session.view();
  return { rate: data.rowCount / ((performance.now() - t0) / 1000), session };
}

/** Examples per second of CD-1 on two worker threads (one backend each), split by hidden units or by examples. */
async function twoThreads(data: BinaryDataset, mode: 'hidden' | 'data'): Promise<{ rate: number; backend: string }> {
  const model = rbmModel(VISIBLE, HIDDEN, 'binary01');
  const view = rbmView(model, initialParameters(model, 1, 0.01));
  const backend = currentBackend() as BackendName;
  const options = { mode, workers: 2, args: { k: 1, learningRate: LEARNING_RATE }, batchSize: BATCH, noiseSeed: 1, orderSeed: 2, backend };
  await runParallel(view, data.bits, data.rowCount, { ...options, batches: 10 });
  const batches = Math.floor(data.rowCount / BATCH);
  const run = await runParallel(view, data.bits, data.rowCount, { ...options, batches });
  return { rate: (batches * BATCH) / run.seconds, backend: run.backend };
}

/** scikit-learn's BernoulliRBM (PCD-1, same size, batch and data) in examples per second, when python3 has sklearn. */
function scikitLearnRate(data: BinaryDataset): number | string {
  const probe = spawnSync('python3', ['-c', 'import sklearn'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'not installed (python3 -c "import sklearn" failed)';
  const folder = mkdtempSync(join(tmpdir(), 'attractor-rbm-peer-'));
  try {
    const file = join(folder, 'digits.u8');
    writeFileSync(file, data.bits);
    const script = [
      'import sys, time, numpy as np',
      'from sklearn.neural_network import BernoulliRBM',
      `x = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(-1, ${VISIBLE}).astype(np.float64)`,
      `rbm = BernoulliRBM(n_components=${HIDDEN}, batch_size=${BATCH}, learning_rate=${LEARNING_RATE}, n_iter=1, random_state=1)`,
      'rbm.fit(x[:1000])',
      't = time.perf_counter(); rbm.fit(x); print(len(x) / (time.perf_counter() - t))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    return run.status === 0 ? Number(run.stdout.trim()) : `failed: ${run.stderr.trim().split('\n').pop()}`;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** CD-1 throughput on MNIST-sized RBMs, then an AIS test log-likelihood of the RBM after a few epochs. */
export async function benchRbm(peers = process.argv.includes('--peers')): Promise<void> {
  await selectBackend(process.env.ATTRACTOR_BACKEND === undefined ? 'wasm' : undefined);
  const digits = binarisedDigits();
  const train = rowsOf(digits, 0, digits.rowCount);
  console.log(`\nRBM ${VISIBLE}×${HIDDEN}, CD-1, batch ${BATCH}, ${digits.name} (${digits.rowCount} rows), backend ${currentBackend()}:`);
  const single = await singleThread(train);
  console.log(`  one thread: ${single.rate.toFixed(0)} examples/s`);
  const sharded = await twoThreads(train, 'hidden');
  console.log(`  two worker threads, hidden units split (${sharded.backend} each; they trade V × B partial fields per Gibbs step): ${sharded.rate.toFixed(0)} examples/s`);
  const replicated = await twoThreads(train, 'data');
  console.log(`  two worker threads, each minibatch split (averaged increments, V·H + V + H values traded per minibatch): ${replicated.rate.toFixed(0)} examples/s`);
  if (peers) {
    const peer = scikitLearnRate(train);
    console.log(
      typeof peer === 'number'
        ? `  scikit-learn BernoulliRBM (PCD-1): ${peer.toFixed(0)} examples/s; ratio one thread ${(single.rate / peer).toFixed(2)}, two threads ${(Math.max(sharded.rate, replicated.rate) / peer).toFixed(2)}`
        : `  scikit-learn BernoulliRBM: ${peer}`,
    );
  }
  for (let epoch = 2; epoch <= 3; epoch++) await single.session.epoch();
  const view = single.session.view();
  const error = await single.session.reconstructionError();
  single.session.dispose();
  console.log(`  after 3 epochs: reconstruction error ${error.toFixed(4)}`);
  await aisFigures(view, digits);
}

/**
 * One AIS estimate at the defaults but for K (100 runs, data base, reverse from Gibbs chains started at the digits, a
 * forward pass from the uniform base as the check) of the mean log-likelihood of 2000 training digits, at 1,000 and 10,000 temperatures (`--ais-temperatures=1000` picks one).
 */
async function aisFigures(view: RbmView, digits: BinaryDataset): Promise<void> {
  const flag = process.argv.find((a) => a.startsWith('--ais-temperatures='));
  const schedules = flag ? flag.slice('--ais-temperatures='.length).split(',').map(Number) : [1000, 10000];
  for (const temperatures of schedules) {
    const t0 = performance.now();
    let last = t0;
    let slowest = 0;
    let bothSides = 0;
    const fit = await estimateRbmLikelihood(view, rowsOf(digits, 0, 2000), {
      temperatures,
      runs: 100,
      seed: 1,
      data: digits,
      // Passes run rows, burn-in, reverse, forward, then the uniform base (the last `temperatures` units).
      progress: (done, total) => {
        const now = performance.now();
        slowest = Math.max(slowest, now - last);
        last = now;
        if (bothSides === 0 && done >= total - temperatures) bothSides = now - t0;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const z = fit.logPartition!;
    const reverse = z.reverse!;
    const other = z.otherBase!;
    console.log(
      `  AIS ${temperatures} temperatures × 100 runs from the data base: forward + reverse (${z.provenance.reverseStart} start after ${AIS_DEFAULTS.reverseBurnIn} sweeps, ` +
        `free energies of 2000 rows) ${(bothSides / 1000).toFixed(1)} s; with the uniform-base check ${seconds.toFixed(1)} s (longest gap between progress calls ${(slowest / 1000).toFixed(2)} s)`,
    );
    console.log(
      `    log Z forward ${z.forward.logZ.toFixed(2)} ± ${z.forward.standardError.toFixed(2)} (effective runs ${z.forward.effectiveRuns.toFixed(1)}), ` +
        `reverse ${reverse.logZ.toFixed(2)} ± ${reverse.standardError.toFixed(2)} (effective runs ${reverse.effectiveRuns.toFixed(1)}), gap ${(reverse.logZ - z.forward.logZ).toFixed(2)} nats; ` +
        `uniform base ${other.logZ.toFixed(2)} ± ${other.standardError.toFixed(2)} (effective runs ${other.effectiveRuns.toFixed(1)})`,
    );
    console.log(`    mean log-likelihood of 2000 digits: forward ${fit.forward.mean.toFixed(2)}, reverse ${fit.reverse!.mean.toFixed(2)}, interval [${fit.interval.map((x) => x.toFixed(2)).join(', ')}]`);
    for (const warning of fit.warnings) console.log(`    warning ${warning.code}: ${warning.message}`);
  }
}

/** The AIS figures alone (`npm run bench -- rbmAis`): the 784×500 RBM after 3 epochs of CD-1 on the digits, then forward + reverse AIS. */
export async function benchRbmAis(): Promise<void> {
  await selectBackend(process.env.ATTRACTOR_BACKEND === undefined ? 'wasm' : undefined);
  const digits = binarisedDigits();
  const model = rbmModel(VISIBLE, HIDDEN, 'binary01');
  const session = await startContrastiveDivergence(model, digits, { k: 1, batchSize: BATCH, learningRate: LEARNING_RATE, seed: 1 });
  for (let epoch = 0; epoch < 3; epoch++) await session.epoch();
  const view = session.view();
  console.log(`\nRBM ${VISIBLE}×${HIDDEN} after 3 epochs of CD-1 on ${digits.name}, backend ${currentBackend()}: reconstruction error ${(await session.reconstructionError()).toFixed(4)}`);
  session.dispose();
  await aisFigures(view, digits);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRbm();
