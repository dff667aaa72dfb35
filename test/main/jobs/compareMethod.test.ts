import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { compile } from '../../../engine/compiler/compile';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { empiricalDistribution } from '../../../engine/energy/empirical';
import type { ModelParameters } from '../../../engine/model/parameters';
import { rbmExactDataFit } from '../../../engine/energy/rbm/exact';
import { rbmView } from '../../../engine/energy/rbm/view';
import { AIS_DEFAULTS } from '../../../engine/likelihood/estimate';
import { findMethod } from '../../../main/jobs/methods';
import type { CompareRow } from '../../../main/jobs/methods/compareFigures';
import { defaultCompareMethods, STEPS_PER_METHOD } from '../../../main/jobs/methods/compareMethod';
import { methodInfo, methodSettings } from '../../../main/jobs/methods/settings';
import type { MethodOutput } from '../../../main/jobs/methods/types';
import { reference64 } from '../../engine/belief/reference';
import { bruteForce } from '../../engine/helpers/bruteForce';
import { datasetFromRows, randomDataset, randomParameters, rbmModel, useTestBackend, xorDiagram } from '../../engine/helpers/models';

// The compare job run as the worker runs it: its exact row agrees with float64 enumeration, the bounds lie below exact,
// the mixtures are floored by the mean-field bound they start from, and Gibbs posterior means lie within k standard errors.

beforeAll(useTestBackend);

interface Ran {
  outputs: MethodOutput[];
  steps: { step: number; totalSteps: number; metrics: Record<string, number> }[];
  pauses: number;
}

async function runCompare(model: CompiledModel, parameters: ModelParameters, data: BinaryDataset, config: Record<string, number | string> = {}, abortAfter?: number): Promise<Ran> {
  const method = findMethod('evaluate', 'compare')!;
  expect(method.refuses(model)).toBeUndefined();
  const settings = methodSettings(methodInfo(method, model), config);
  method.check?.(model, settings);
  const ran: Ran = { outputs: [], steps: [], pauses: 0 };
  const controller = new AbortController();
  const before = tf.memory().numTensors;
  await method.run(
    { model, parameters, dataset: data, seed: 4, ...settings },
    {
      signal: controller.signal,
      between: async () => {
        ran.pauses++;
      },
      progress: (step, totalSteps, metrics) => {
        ran.steps.push({ step, totalSteps, metrics });
        if (abortAfter !== undefined && step >= abortAfter) controller.abort();
      },
      output: (o) => ran.outputs.push(o),
    },
  );
  expect(tf.memory().numTensors).toBe(before);
  return ran;
}

const rowsOf = (ran: Ran): CompareRow[] => ran.outputs[0].summary.rows as CompareRow[];
const byMethod = (rows: CompareRow[], method: string): CompareRow => rows.find((r) => r.method === method)!;
const bits = (data: BinaryDataset, r: number) => Array.from(data.bits.subarray(r * data.width, (r + 1) * data.width));

describe('evaluate compare on sigmoid belief networks', () => {
  const sbn = layeredBeliefSpec([2, 4, 6]);
  const data = randomDataset(6, 24, 11);
  const empirical = empiricalDistribution(data);

  it.each([1, 2])('2-4-6 network %i: exact = enumeration; every bound ≤ exact; mixture:1 = mean field; each mixture ≥ mean field; Gibbs within 3 SE', async (seed) => {
    const params = randomBeliefParameters(sbn, seed, { scale: 2 });
    const net = beliefNetwork(sbn, params);
    // Few mixture sweeps keep the test short; the ordering holds at any number of sweeps.
    const ran = await runCompare(sbn, params, data, { boundSweeps: 60, importanceSamples: 400 });
    const rows = rowsOf(ran);
    expect(rows.map((r) => r.method)).toEqual(['exact', 'gibbs', 'meanfield', 'attractor', 'mixture:1', 'mixture:2', 'mixture:3', 'mixture:4', 'mixture:5', 'importance']);
    expect(ran.outputs[0]).toMatchObject({ kind: 'evaluation', summary: { method: 'compare', datasetRows: 24, distinctPatterns: empirical.count, family: 'belief' } });
    // Method k ends at step (k + 1) · STEPS_PER_METHOD; whole steps in between move the bar within a method, always forward.
    expect(ran.steps.map((s) => s.step).filter((s) => s % STEPS_PER_METHOD === 0)).toEqual(rows.map((_, k) => (k + 1) * STEPS_PER_METHOD));
    expect(ran.steps.every((s, k) => Number.isInteger(s.step) && s.totalSteps === rows.length * STEPS_PER_METHOD && (k === 0 || s.step > ran.steps[k - 1].step))).toBe(true);
    expect(ran.pauses).toBeGreaterThanOrEqual(2 * rows.length);

    // The weighted mean over distinct patterns is the mean over every row of the data.
    let reference = 0;
    for (let r = 0; r < data.rowCount; r++) reference += reference64(net, net.visibleIndices, bits(data, r)).logLikelihood / data.rowCount;
    const exact = byMethod(rows, 'exact');
    expect(exact).toMatchObject({ quantity: 'logProbability', errorVsExact: 0 });
    expect(exact.estimate!).toBeCloseTo(reference, 4);

    const meanField = byMethod(rows, 'meanfield');
    for (const row of rows) {
      expect(row.seconds, row.method).toBeGreaterThan(0);
      if (row.method !== 'exact' && row.method !== 'gibbs') expect(row.posteriorError, row.method).toBeGreaterThanOrEqual(0);
      if (row.quantity !== 'lowerBound') continue;
      // Rigorous lower bounds (Bishop et al. eqs. 4, 10–13), evaluated in float64 against a float32 enumeration.
      expect(row.estimate!, row.method).toBeLessThanOrEqual(exact.estimate! + 1e-5);
      expect(row.errorVsExact!).toBeCloseTo(row.estimate! - exact.estimate!, 12);
      // Component 0 starts at the mean-field solution of the same sweeps and the engine keeps it when the mixture does worse.
      if (row.method.startsWith('mixture')) expect(row.estimate!, row.method).toBeGreaterThanOrEqual(meanField.estimate! - 1e-9);
    }
    // One component: the mixture bound is the mean-field bound, up to the optimiser's tolerance.
    expect(Math.abs(byMethod(rows, 'mixture:1').estimate! - meanField.estimate!)).toBeLessThan(1e-3);
    const best = Math.max(...rows.filter((r) => r.method.startsWith('mixture')).map((r) => r.estimate!));
    expect(best).toBeGreaterThanOrEqual(meanField.estimate!);

    // Importance sampling is an estimate beside the bounds, not one of them: within 4 SE of exact, above mean field on average.
    const importance = byMethod(rows, 'importance');
    expect(importance.quantity).toBe('logProbabilityEstimate');
    expect(Math.abs(importance.errorVsExact!)).toBeLessThan(4 * importance.standardError! + 0.02);
    expect(importance.estimate!).toBeGreaterThan(meanField.estimate! - 4 * importance.standardError!);
    // Its record: the estimate over every row, beside the mean-field bound it improves on (the same sweeps as the meanfield row).
    expect(importance.likelihood).toMatchObject({ quantity: 'meanLogLikelihood', rows: 24, runs: 400, provenance: { method: 'importance' } });
    expect(importance.likelihood!.forward.value).toBeCloseTo(importance.estimate!, 6);
    expect(importance.likelihood!.bound!).toBeCloseTo(meanField.estimate!, 4);

    const gibbs = byMethod(rows, 'gibbs');
    expect(gibbs.estimate).toBeUndefined();
    // Mean |error| of unbiased means is ≈ 0.8 standard errors; 3 SE leaves room for the SEs' own noise over 16 chains.
    expect(gibbs.posteriorStandardError!).toBeGreaterThan(0);
    expect(gibbs.posteriorError!).toBeLessThan(3 * gibbs.posteriorStandardError!);
    expect(byMethod(rows, 'attractor').quantity).toBe('negativeLyapunov');
  });

  it('a methods list: exact runs first, the other family’s methods are listed with the refusal, unknown names are refused', async () => {
    const params = randomBeliefParameters(sbn, 5);
    const ran = await runCompare(sbn, params, data, { methods: 'mixture:2, ais, exact', boundSweeps: 100 });
    const rows = rowsOf(ran);
    expect(rows.map((r) => r.method)).toEqual(['exact', 'mixture:2', 'ais']);
    expect(byMethod(rows, 'ais')).toEqual({ method: 'ais', label: 'Annealed importance sampling', seconds: 0, refusal: expect.stringMatching(/not to this sigmoid belief network/) });
    expect(byMethod(rows, 'mixture:2').label).toBe('Mixture of mean-field distributions (M = 2)');
    const method = findMethod('evaluate', 'compare')!;
    expect(() => method.check!(sbn, methodSettings(method.info, { methods: 'exact,annealing' }))).toThrow(/'annealing' is not an inference method/);
    expect(() => method.check!(sbn, methodSettings(method.info, { methods: 'mixture:0' }))).toThrow(/mixture:M/);
    expect(defaultCompareMethods(sbn, 2)).toEqual(['exact', 'gibbs', 'meanfield', 'attractor', 'mixture:1', 'mixture:2', 'importance']);
  });

  it('cancelled between methods: no output, tensors released', async () => {
    const ran = await runCompare(sbn, randomBeliefParameters(sbn, 6), data, { boundSweeps: 60 }, 2 * STEPS_PER_METHOD);
    expect(ran.outputs).toEqual([]);
    expect(ran.steps.at(-1)!.step).toBe(2 * STEPS_PER_METHOD);
  });
});

describe('evaluate compare on energy models', () => {
  it('XOR Boltzmann machine: exact, gibbs, mean field and AIS (clamped AIS per pattern) with figures', async () => {
    const compiled = compile(xorDiagram());
    if (!compiled.ok || compiled.model.type !== 'energy') throw new Error('XOR diagram should compile to an energy model');
    const model = compiled.model;
    const params = randomParameters(model, 3, 0.6, 0.3);
    const data = datasetFromRows([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]], 'xor');
    const ref = bruteForce(model, params);
    const rows = rowsOf(await runCompare(model, params, data, { chains: 32, sweeps: 300, aisTemperatures: 300, aisRuns: 32 }));
    expect(rows.map((r) => r.method)).toEqual(['exact', 'gibbs', 'meanfield', 'ais']);
    const ais = byMethod(rows, 'ais');
    expect(ais.refusal).toBeUndefined();
    expect(Math.abs(ais.errorVsExact!)).toBeLessThan(4 * ais.standardError! + 0.02);
    expect(ais.likelihood).toMatchObject({ quantity: 'meanLogLikelihood', rows: 4, provenance: { method: 'ais', temperatures: 300, runs: 32, seed: 4 } });
    expect(ais.likelihood!.forward.value).toBeCloseTo(ais.estimate!, 6);
    // AIS on a general Boltzmann machine gives no posterior means: the row has no posterior error (not NaN, which JSON stores as null).
    expect(ais.posteriorError).toBeUndefined();
    expect(JSON.stringify(ais)).not.toContain('null');
    const exact = byMethod(rows, 'exact');
    expect(exact.estimate!).toBeCloseTo(mean(data, (rowBits) => ref.logProbabilityOf(rowBits)), 4);
    const gibbs = byMethod(rows, 'gibbs');
    expect(gibbs.posteriorError!).toBeLessThan(3 * gibbs.posteriorStandardError!);
    expect(byMethod(rows, 'meanfield')).toMatchObject({ quantity: 'logProbabilityEstimate', errorVsExact: expect.any(Number), posteriorError: expect.any(Number) });
  });

  it('RBM: AIS estimate within 4 standard errors of exact', async () => {
    const model = rbmModel(4, 3, 'binary01');
    const params = randomParameters(model, 8, 0.8, 0.4);
    const data = randomDataset(4, 12, 3);
    const rows = rowsOf(await runCompare(model, params, data, { methods: 'exact,ais', aisRuns: 64, aisTemperatures: 300 }));
    const ais = byMethod(rows, 'ais');
    expect(ais.standardError!).toBeGreaterThan(0);
    expect(Math.abs(ais.errorVsExact!)).toBeLessThan(4 * ais.standardError! + 1e-6);
    // The row's estimate is the likelihood record's forward side: the mean over every row, the base fitted to all 12.
    expect(ais.likelihood!.forward.value).toBeCloseTo(ais.estimate!, 5);
    expect(ais.likelihood!.rows).toBe(12);
    expect(ais.likelihood!.reverse).toBeDefined();
  });

  it('RBM beyond 24 units (30 × 6): the exact row enumerates the smaller layer, and AIS lies within 4 standard errors of it', async () => {
    const model = rbmModel(30, 6, 'binary01');
    const params = randomParameters(model, 3, 0.3, 0.2);
    const data = randomDataset(30, 20, 5);
    const rows = rowsOf(await runCompare(model, params, data, { methods: 'exact,ais', aisRuns: 32, aisTemperatures: 300 }));
    const view = rbmView(model, params);
    expect(byMethod(rows, 'exact').estimate!).toBeCloseTo(rbmExactDataFit(view, data).logLikelihood, 3);
    const ais = byMethod(rows, 'ais');
    expect(Math.abs(ais.errorVsExact!)).toBeLessThan(4 * ais.standardError! + 0.01);
    expect(ais.likelihood!.exact).toBeCloseTo(byMethod(rows, 'exact').estimate!, 3);
  });

  it('uses the app-wide AIS defaults', () => {
    const info = findMethod('evaluate', 'compare')!.info;
    expect(info.hyperparameters.find((h) => h.key === 'aisTemperatures')!.default).toBe(AIS_DEFAULTS.temperatures);
    expect(info.hyperparameters.find((h) => h.key === 'aisRuns')!.default).toBe(AIS_DEFAULTS.runs);
    expect(info.choices).toEqual([expect.objectContaining({ key: 'aisBase', default: AIS_DEFAULTS.base })]);
  });
});

/** Mean over the rows of `data` of f(row bits). */
function mean(data: BinaryDataset, f: (rowBits: number[]) => number): number {
  let total = 0;
  for (let r = 0; r < data.rowCount; r++) total += f(bits(data, r));
  return total / data.rowCount;
}
