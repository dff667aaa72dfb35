import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import type { LikelihoodSummary } from '../../../engine/likelihood/estimate';
import { rbmExactDataFit, rbmLogPartition } from '../../../engine/energy/rbm/exact';
import { rbmView } from '../../../engine/energy/rbm/view';
import type { ModelParameters } from '../../../engine/model/parameters';
import { trainModel, type EpochReport } from '../../../engine/train/train';
import type { JobContext } from '../../../main/jobs/jobControl';
import { runTraining } from '../../../main/jobs/kinds/train';
import type { FromWorker, TrainJobSpec } from '../../../main/jobs/messages';
import { findMethod, parseMethodText, withImplied } from '../../../main/jobs/methods';
import type { CompareRow } from '../../../main/jobs/methods/compareFigures';
import { methodInfo, methodSettings } from '../../../main/jobs/methods/settings';
import type { MethodOutput } from '../../../main/jobs/methods/types';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../engine/helpers/models';

// One estimator everywhere: the training monitor, infer, evaluate and Compare give the same AIS figure for the same
// settings and seed; the training job stores each monitor estimate as an output; long AIS jobs report progress and stop
// promptly on cancel.

beforeAll(useTestBackend);

interface Ran {
  outputs: MethodOutput[];
  progress: { step: number; totalSteps: number }[];
}

/** Runs kind:method as the worker does; `stopAfter` aborts once that many progress events arrived. */
async function runJob(kind: 'infer' | 'evaluate', text: string, model: CompiledModel, parameters: ModelParameters, config: Record<string, number | string>, dataset: BinaryDataset, seed: number, stopAfter?: number): Promise<Ran> {
  const { name, implied } = parseMethodText(text);
  const method = findMethod(kind, name)!;
  const settings = methodSettings(methodInfo(method, model), withImplied(text, implied, config));
  const ran: Ran = { outputs: [], progress: [] };
  const controller = new AbortController();
  const before = tf.memory().numTensors;
  await method.run(
    { model, parameters, dataset, seed, ...settings },
    {
      signal: controller.signal,
      between: () => new Promise((resolve) => setImmediate(resolve)),
      progress: (step, totalSteps) => {
        ran.progress.push({ step, totalSteps });
        if (stopAfter !== undefined && ran.progress.length >= stopAfter) controller.abort();
      },
      output: (o) => ran.outputs.push(o),
    },
  );
  expect(tf.memory().numTensors).toBe(before);
  return ran;
}

const likelihoodOf = (output: MethodOutput): LikelihoodSummary => output.summary.likelihood as LikelihoodSummary;

describe('one AIS estimate everywhere', () => {
  const model = rbmModel(6, 4, 'binary01');
  const data = randomDataset(6, 30, 7);
  const ais = { temperatures: 200, runs: 32 };

  it('training monitor, infer, evaluate and Compare give the same mean log-likelihood (forward and reverse) for the same seed', async () => {
    const reports: EpochReport[] = [];
    await trainModel(model, data, { algorithm: 'cd', epochs: 2, seed: 3, config: { aisEvery: 2, aisTemperatures: ais.temperatures, aisRuns: ais.runs, initScale: 0.5 } }, undefined, {
      onEpoch: (e) => void reports.push(e),
    });
    expect(reports[0].estimates).toEqual([]);
    const [monitor] = reports[1].estimates.map((e) => e.likelihood);
    expect(monitor.provenance).toMatchObject({ method: 'ais', base: 'data', temperatures: 200, runs: 32 });
    const seed = monitor.provenance.seed!;
    const parameters = reports[1].parameters;
    const inferred = likelihoodOf((await runJob('infer', 'ais', model, parameters, ais, data, seed)).outputs[0]);
    const evaluated = likelihoodOf((await runJob('evaluate', 'ais', model, parameters, ais, data, seed)).outputs[0]);
    const compared = (await runJob('evaluate', 'compare', model, parameters, { methods: 'ais', aisTemperatures: 200, aisRuns: 32 }, data, seed)).outputs[0];
    const row = (compared.summary.rows as CompareRow[])[0];
    console.log(
      `AIS agreement (6×4 RBM, 30 rows): monitor ${monitor.forward.value.toFixed(6)} / ${monitor.reverse!.value.toFixed(6)}, infer ${inferred.forward.value.toFixed(6)}, ` +
        `evaluate ${evaluated.forward.value.toFixed(6)}, compare ${row.estimate!.toFixed(6)}; exact ${monitor.exact?.toFixed(6)}`,
    );
    for (const other of [inferred, evaluated, row.likelihood!]) {
      expect(other.forward.value).toBeCloseTo(monitor.forward.value, 9);
      expect(other.reverse!.value).toBeCloseTo(monitor.reverse!.value, 9);
      expect(other.interval[0]).toBeCloseTo(monitor.interval[0], 9);
      expect(other.provenance.seed).toBe(seed);
    }
    // Compare's row and evaluate's figure are the frequency-weighted means over distinct patterns: the same number in float64.
    expect(row.estimate!).toBeCloseTo(monitor.forward.value, 9);
    expect(reports[1].metrics.aisLogLikelihood).toBeCloseTo(monitor.forward.value, 9);
    // Exact beside it (the 6×4 RBM enumerates): the estimate lies within its interval widened by 0.05 nats.
    expect(monitor.exact).toBeCloseTo(reports[1].metrics.logLikelihood, 5);
    expect(monitor.exact!).toBeGreaterThan(monitor.interval[0] - 0.05);
    expect(monitor.exact!).toBeLessThan(monitor.interval[1] + 0.05);
  });

  it('a training job stores each monitor estimate as an evaluation output at its step, with the effective-share trace', async () => {
    const posted: FromWorker[] = [];
    const context: JobContext = {
      signal: new AbortController().signal,
      progress: () => undefined,
      post: (message) => void posted.push(message),
      between: async () => undefined,
    };
    const job: TrainJobSpec = {
      kind: 'train',
      diagram: undefined as never,
      seed: 5,
      config: { aisEvery: 2, aisTemperatures: 50, aisRuns: 8 },
      algorithm: 'pcd',
      dataset: data,
      totalSteps: 6,
      startStep: 2,
      checkpointEvery: 0,
    };
    await runTraining(job, model, context);
    const outputs = posted.flatMap((m) => (m.type === 'output' ? [m.output] : []));
    // Epochs 2 and 4 of the continued run are its steps 4 and 6, and named so.
    expect(outputs.map((o) => [o.kind, o.step, o.name])).toEqual([
      ['evaluation', 4, 'AIS estimate at epoch 4'],
      ['evaluation', 6, 'AIS estimate at epoch 6'],
    ]);
    for (const output of outputs) {
      const likelihood = output.summary.likelihood as LikelihoodSummary;
      expect(likelihood).toMatchObject({ quantity: 'meanLogLikelihood', provenance: { method: 'ais', temperatures: 50, runs: 8 } });
      const array = output.array as { dtype: string; shape: number[]; values: Float32Array };
      expect(array.dtype).toBe('float32');
      const shape = array.shape;
      expect(shape[0]).toBe(3);
      const values = array.values;
      // Row 0 is β, ending at 1; the shares lie in (0, 1].
      expect(values[shape[1] - 1]).toBe(1);
      for (let j = 0; j < shape[1]; j++) expect(values[shape[1] + j]).toBeGreaterThan(0);
      for (let j = 0; j < shape[1]; j++) expect(values[shape[1] + j]).toBeLessThanOrEqual(1 + 1e-6);
    }
  });
});

describe('exact wherever feasible: evaluate exact on RBMs beyond 24 units enumerates the smaller layer', () => {
  it('40 × 10 RBM: log Z and the mean log-likelihood of the independent enumeration; AIS reports the exact value beside it', async () => {
    const model = rbmModel(40, 10, 'binary01');
    const parameters = randomParameters(model, 6, 0.3, 0.2);
    const data = randomDataset(40, 25, 8);
    expect(findMethod('evaluate', 'exact')!.refuses(model)).toBeUndefined();
    expect(findMethod('evaluate', 'exact')!.refuses(rbmModel(40, 30))).toMatch(/smaller layer of an RBM and handles at most 24 units there; this RBM has 30: use ais/);
    const ran = await runJob('evaluate', 'exact', model, parameters, {}, data, 0);
    const view = rbmView(model, parameters);
    const fit = rbmExactDataFit(view, data);
    expect(ran.outputs[0].summary).toMatchObject({ method: 'exact', enumeratedUnits: 10, rows: 25 });
    expect(ran.outputs[0].summary.logPartition as number).toBeCloseTo(rbmLogPartition(view), 4);
    expect(ran.outputs[0].summary.meanLogLikelihood as number).toBeCloseTo(fit.logLikelihood, 4);
    expect(ran.outputs[0].summary.kl as number).toBeCloseTo(fit.kl, 4);
    const ais = likelihoodOf((await runJob('evaluate', 'ais', model, parameters, { temperatures: 100, runs: 16 }, data, 0)).outputs[0]);
    expect(ais.exact).toBeCloseTo(fit.logLikelihood, 4);
  });

  it('300 × 20 RBM: reports each chunk of states and stops on cancel without output', async () => {
    const model = rbmModel(300, 20, 'binary01');
    const ran = await runJob('evaluate', 'exact', model, randomParameters(model, 2, 0.05, 0.1), {}, randomDataset(300, 5, 1), 0, 1);
    expect(ran.outputs).toEqual([]);
    expect(ran.progress[0].totalSteps).toBeGreaterThan(10);
    expect(ran.progress.at(-1)!.step).toBeLessThan(ran.progress[0].totalSteps / 2);
  });
});

describe('long AIS jobs: progress and cancel', () => {
  // 200 × 100 RBM, 20,000 temperatures: tens of seconds of annealing in all; the job is stopped after its third report.
  const model = rbmModel(200, 100, 'binary01');
  const parameters = randomParameters(model, 4, 0.05, 0.1);
  const data = randomDataset(200, 40, 2);
  const long = { temperatures: 20_000, runs: 100 };

  it.each([
    ['evaluate', 'ais', long],
    ['infer', 'ais', long],
    ['evaluate', 'compare', { methods: 'ais', aisTemperatures: long.temperatures, aisRuns: long.runs }],
  ] as const)('%s %s reports fractional progress while annealing and stops on cancel long before the end', async (kind, method, config) => {
    const started = performance.now();
    const ran = await runJob(kind, method, model, parameters, config, data, 1, 3);
    const seconds = (performance.now() - started) / 1000;
    expect(ran.outputs).toEqual([]);
    expect(ran.progress.length).toBeGreaterThanOrEqual(3);
    const last = ran.progress.at(-1)!;
    // Stopped early: the last report is a small part of the whole (each report marks ≈ 1/200 of the temperatures or 0.2 s).
    expect(last.step / last.totalSteps).toBeLessThan(0.5);
    // Whole, increasing steps (the project stores them so) short of the end.
    expect(ran.progress.every((p, k) => Number.isInteger(p.step) && p.step > 0 && p.step < p.totalSteps && (k === 0 || p.step > ran.progress[k - 1].step))).toBe(true);
    console.log(`${kind} ${method}: ${ran.progress.length} reports, stopped at ${((100 * last.step) / last.totalSteps).toFixed(2)} % after ${seconds.toFixed(2)} s`);
  }, 60_000);

  it('a training run stopped during the AIS monitor ends cancelled with its last good parameters, tensors freed', async () => {
    const controller = new AbortController();
    let calls = 0;
    const before = tf.memory().numTensors;
    const request = { algorithm: 'cd', epochs: 2, seed: 1, config: { aisEvery: 1, aisTemperatures: long.temperatures, aisRuns: long.runs } };
    const training = trainModel(model, data, request, parameters, {
      signal: controller.signal,
      onEpoch: () => undefined,
      between: async () => {
        if (++calls === 3) controller.abort();
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    await expect(training).rejects.toMatchObject({ name: 'TrainingError', code: 'cancelled', lastGood: expect.anything() });
    expect(calls).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
