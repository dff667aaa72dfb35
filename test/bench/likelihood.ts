/**
 * `npm run bench -- likelihood`: one AIS estimate everywhere on the 784×500 digits RBM. The training monitor's estimate
 * after 3 epochs of CD-1, then `infer --method ais`, `evaluate --method ais` and Compare's AIS row on the same
 * parameters, rows, settings and seed (1,000 temperatures × 100 runs): forward, reverse, gap and warnings of each, which
 * must agree. Prints, never asserts.
 */
import { createRequire } from 'node:module';
import { currentBackend, selectBackend } from '../../engine/backend/selectBackend';
import type { BinaryDataset } from '../../engine/data/dataset';
import type { LikelihoodSummary } from '../../engine/likelihood/estimate';
import type { ModelParameters } from '../../engine/model/parameters';
import { trainModel, type EpochReport } from '../../engine/train/train';
import { findMethod } from '../../main/jobs/methods';
import type { CompareRow } from '../../main/jobs/methods/compareFigures';
import { methodInfo, methodSettings } from '../../main/jobs/methods/settings';
import type { MethodOutput } from '../../main/jobs/methods/types';
import { rbmModel } from '../engine/helpers/models';

const VISIBLE = 784;
const HIDDEN = 500;
/** Training rows the monitor and every job score (the monitor scores the training rows). */
const ROWS = 2000;
const TEMPERATURES = 1000;
const RUNS = 100;

/** The first `rows` of the `mnist` package's digits, binarised at 0.5 (as test/bench/rbm.ts). */
function digits(rows: number): BinaryDataset {
  const classes = createRequire(import.meta.url)('mnist') as { raw: number[]; length: number }[];
  const all = classes.flatMap((c) => Array.from({ length: c.length }, (_, k) => c.raw.slice(k * VISIBLE, (k + 1) * VISIBLE)));
  // Evenly spaced over the package's digits (grouped by class), so the rows hold every class.
  const picked = Array.from({ length: rows }, (_, r) => all[Math.floor((r * all.length) / rows)]);
  const bits = Uint8Array.from(picked.flat(), (x) => (x > 0.5 ? 1 : 0));
  return { id: 'digits-2000', name: `${rows} MNIST digits, binarised`, width: VISIBLE, rowCount: rows, bits, imageShape: { rows: 28, cols: 28 } };
}

function print(where: string, seconds: number, s: LikelihoodSummary): void {
  const reverse = s.reverse ? `, reverse ${s.reverse.value.toFixed(2)} ± ${s.reverse.standardError.toFixed(2)} (effective ${s.reverse.effective?.toFixed(1)})` : '';
  const gap = s.gap !== undefined ? `, gap ${s.gap.toFixed(2)}` : '';
  console.log(
    `  ${where.padEnd(9)} ${seconds.toFixed(1).padStart(6)} s: forward ${s.forward.value.toFixed(2)} ± ${s.forward.standardError.toFixed(2)} (effective ${s.forward.effective?.toFixed(1)})${reverse}${gap}, interval [${s.interval.map((x) => x.toFixed(2)).join(', ')}]`,
  );
  for (const w of s.warnings) console.log(`            warning ${w.code}: ${w.message}`);
}

/** Runs a registered job method in this process as the CLI does. */
async function job(kind: 'infer' | 'evaluate', name: string, parameters: ModelParameters, data: BinaryDataset, config: Record<string, number | string>, seed: number): Promise<MethodOutput[]> {
  const model = rbmModel(VISIBLE, HIDDEN, 'binary01');
  const method = findMethod(kind, name)!;
  const outputs: MethodOutput[] = [];
  const settings = methodSettings(methodInfo(method, model), config);
  await method.run({ model, parameters, dataset: data, seed, ...settings }, { signal: new AbortController().signal, between: async () => undefined, progress: () => undefined, output: (o) => outputs.push(o) });
  return outputs;
}

/** The monitor, infer, evaluate and Compare on the same 784×500 RBM, rows and seed. */
export async function benchLikelihood(): Promise<void> {
  await selectBackend(process.env.ATTRACTOR_BACKEND === undefined ? 'wasm' : undefined);
  const data = digits(ROWS);
  const model = rbmModel(VISIBLE, HIDDEN, 'binary01');
  console.log(`\nOne AIS everywhere: ${VISIBLE}×${HIDDEN} RBM, 3 epochs of CD-1 on ${data.name}, ${TEMPERATURES} temperatures × ${RUNS} runs, backend ${currentBackend()}:`);
  let last: EpochReport | undefined;
  let t0 = performance.now();
  let monitorSeconds = 0;
  const config = { k: 1, batchSize: 100, learningRate: 0.05, aisEvery: 3, aisTemperatures: TEMPERATURES, aisRuns: RUNS };
  await trainModel(model, data, { algorithm: 'cd', epochs: 3, seed: 1, config }, undefined, {
    onEpoch: (e) => {
      if (e.estimates.length > 0) monitorSeconds = (performance.now() - t0) / 1000;
      last = e;
      t0 = performance.now();
    },
  });
  const monitor = last!.estimates[0].likelihood;
  const seed = monitor.provenance.seed!;
  // The monitor's time includes its epoch of CD-1.
  print('monitor', monitorSeconds, monitor);
  const ais = { temperatures: TEMPERATURES, runs: RUNS };
  t0 = performance.now();
  const inferred = (await job('infer', 'ais', last!.parameters, data, ais, seed))[0].summary.likelihood as LikelihoodSummary;
  print('infer', (performance.now() - t0) / 1000, inferred);
  t0 = performance.now();
  const evaluated = (await job('evaluate', 'ais', last!.parameters, data, ais, seed))[0].summary.likelihood as LikelihoodSummary;
  print('evaluate', (performance.now() - t0) / 1000, evaluated);
  t0 = performance.now();
  const compared = (await job('evaluate', 'compare', last!.parameters, data, { methods: 'ais', aisTemperatures: TEMPERATURES, aisRuns: RUNS }, seed))[0];
  const row = (compared.summary.rows as CompareRow[])[0];
  print('compare', (performance.now() - t0) / 1000, row.likelihood!);
  const spread = Math.max(...[inferred, evaluated, row.likelihood!].map((s) => Math.abs(s.forward.value - monitor.forward.value)));
  console.log(`  largest forward difference from the monitor: ${spread.toExponential(2)} nats (seed ${seed}; ${monitor.provenanceText})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLikelihood();
