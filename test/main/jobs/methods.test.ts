import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { findMethod, JOB_METHODS, methodsFor } from '../../../main/jobs/methods';
import { inverseCdf } from '../../../main/jobs/methods/exactSampling';
import { methodSettings } from '../../../main/jobs/methods/settings';
import type { JobMethod, MethodContext, MethodOutput } from '../../../main/jobs/methods/types';
import { bruteForce } from '../../engine/helpers/bruteForce';
import { datasetFromRows, mixedDiagram, randomDataset, randomParameters, useTestBackend } from '../../engine/helpers/models';

// The inference, sampling and evaluation methods run here directly (no worker), against the float64 brute-force reference.

beforeAll(async () => {
  await useTestBackend();
});

const compiled = compile(mixedDiagram('pm1'));
if (!compiled.ok || compiled.model.type !== 'energy') throw new Error('the mixed diagram compiles to an energy model');
const model: EnergyModelSpec = compiled.model;
const parameters = randomParameters(model, 11, 0.6, 0.4);
const reference = bruteForce(model, parameters);

interface Recorded {
  outputs: MethodOutput[];
  progress: { step: number; totalSteps: number; metrics: Record<string, number> }[];
}

async function runMethod(method: JobMethod, config: Record<string, number | string>, dataset?: BinaryDataset, seed = 3): Promise<Recorded> {
  const recorded: Recorded = { outputs: [], progress: [] };
  const context: MethodContext = {
    signal: new AbortController().signal,
    between: async () => undefined,
    progress: (step, totalSteps, metrics) => recorded.progress.push({ step, totalSteps, metrics }),
    output: (output) => recorded.outputs.push(output),
  };
  const before = tf.memory().numTensors;
  await method.run({ model, parameters, dataset, seed, ...methodSettings(method.info, config), parameterStep: 40 }, context);
  expect(tf.memory().numTensors).toBe(before);
  return recorded;
}

const rowBits = (data: BinaryDataset, row: number) => data.bits.subarray(row * data.width, (row + 1) * data.width);

describe('job methods', () => {
  it('are registered once per kind and name, and refuse belief networks and models beyond enumeration', () => {
    const names = JOB_METHODS.map((m) => `${m.info.kind}:${m.info.name}`);
    expect(new Set(names).size).toBe(names.length);
    // The mixed diagram is a Boltzmann machine (not an RBM): AIS applies to every energy model; the belief-network methods never do.
    expect(methodsFor(model).map((m) => `${m.kind}:${m.name}`)).toEqual([
      'infer:exact', 'infer:gibbs', 'infer:meanfield', 'infer:ais', 'sample:exact', 'sample:gibbs', 'sample:metropolis', 'sample:anneal', 'sample:tempering', 'evaluate:exact', 'evaluate:meanfield', 'evaluate:ais', 'evaluate:compare',
    ]);
    expect(methodsFor(model, 'sample').map((m) => m.name)).toEqual(['exact', 'gibbs', 'metropolis', 'anneal', 'tempering']);
    const big = { ...model, unitCount: 25 };
    expect(findMethod('infer', 'exact')?.refuses(big)).toMatch(/at most 24 units; this model has 25/);
    expect(findMethod('sample', 'exact')?.refuses({ ...model, type: 'belief' } as never)).toMatch(/sigmoid belief network/);
  });

  it('exact inference: log P(v) and hidden posterior means of every row match brute force (float32, 1e-4)', async () => {
    const data = randomDataset(model.visibleIndices.length, 50, 5);
    const { outputs, progress } = await runMethod(findMethod('infer', 'exact')!, {}, data);
    expect(outputs).toHaveLength(1);
    const [output] = outputs;
    expect(output).toMatchObject({ kind: 'inference', step: 40, summary: { method: 'exact', rows: 50 } });
    const columns = output.summary.columns as string[];
    expect(columns).toEqual(['logProbability', 'Layer[0]', 'Layer[1]', 'Layer[2]', 'RBM[3]', 'RBM[4]'].map((name, k) => (k === 0 ? name : `⟨${name}⟩`)).sort((a, b) => columns.indexOf(a) - columns.indexOf(b)));
    expect(columns).toHaveLength(1 + model.hiddenIndices.length);
    expect(output.array?.shape).toEqual([50, 1 + model.hiddenIndices.length]);
    const table = output.array?.values as Float32Array;
    let sum = 0;
    for (let row = 0; row < 50; row++) {
      const bits = rowBits(data, row);
      const logP = reference.logProbabilityOf(bits);
      sum += logP;
      expect(table[row * columns.length]).toBeCloseTo(logP, 4);
      const means = reference.conditionalMeans(bits);
      model.hiddenIndices.forEach((unit, h) => expect(table[row * columns.length + 1 + h]).toBeCloseTo(means[unit], 4));
    }
    expect(output.summary.meanLogProbability as number).toBeCloseTo(sum / 50, 4);
    expect(progress[progress.length - 1]).toMatchObject({ step: 50, totalSteps: 50 });
  });

  it('exact evaluation: log Z, mean log-likelihood, KL and P(v) match brute force', async () => {
    const data = datasetFromRows([[1, 0, 1, 1], [1, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 0]]);
    const { outputs, progress } = await runMethod(findMethod('evaluate', 'exact')!, {}, data);
    const logP = [0, 1, 2, 3].map((row) => reference.logProbabilityOf(rowBits(data, row)));
    const meanLogLikelihood = logP.reduce((a, b) => a + b) / 4;
    // P_data: one pattern twice (½), two once (¼ each): KL = Σ P_data log P_data − mean log-likelihood.
    const kl = 0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25) - meanLogLikelihood;
    expect(progress).toHaveLength(1);
    expect(progress[0].metrics.logPartition).toBeCloseTo(reference.logZ, 4);
    expect(progress[0].metrics.meanLogLikelihood).toBeCloseTo(meanLogLikelihood, 4);
    expect(progress[0].metrics.kl).toBeCloseTo(kl, 4);
    const distribution = outputs[0].array?.values as Float32Array;
    expect(outputs[0].array?.shape).toEqual([16]);
    for (let pattern = 0; pattern < 16; pattern++) {
      const bits = [0, 1, 2, 3].map((k) => (pattern >> k) & 1);
      expect(distribution[pattern]).toBeCloseTo(Math.exp(reference.logProbabilityOf(bits)), 5);
    }
  });

  it('exact sampling: state frequencies lie within 5 standard errors of P(s), reproducibly by seed', async () => {
    const count = 20_000;
    const { outputs, progress } = await runMethod(findMethod('sample', 'exact')!, { count }, undefined, 9);
    const [output] = outputs;
    expect(output).toMatchObject({ kind: 'samples', summary: { count, beta: 1, units: 'all', encoding: 'pm1' } });
    expect(output.array?.shape).toEqual([count, model.unitCount]);
    expect(progress.map((p) => p.step)).toEqual([1, 2]);
    const bits = output.array?.values as Uint8Array;
    const frequencies = new Float64Array(2 ** model.unitCount);
    for (let s = 0; s < count; s++) {
      let state = 0;
      for (let i = 0; i < model.unitCount; i++) state |= bits[s * model.unitCount + i] << i;
      frequencies[state] += 1 / count;
    }
    // States expected fewer than 10 times are pooled into one bin, where the normal approximation to the binomial holds.
    const bins: { p: number; frequency: number }[] = [];
    const rare = { p: 0, frequency: 0 };
    reference.probabilities.forEach((p, state) => {
      if (p * count >= 10) bins.push({ p, frequency: frequencies[state] });
      else [rare.p, rare.frequency] = [rare.p + p, rare.frequency + frequencies[state]];
    });
    expect(bins.length).toBeGreaterThan(20);
    for (const { p, frequency } of [...bins, rare]) expect(Math.abs(frequency - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / count));
    const again = await runMethod(findMethod('sample', 'exact')!, { count }, undefined, 9);
    expect(again.outputs[0].array?.values).toEqual(bits);
  });

  it('exact sampling of the visible units at β = 0 is uniform and at β → large concentrates on the ground states', async () => {
    const visible = model.visibleIndices.length;
    const hot = await runMethod(findMethod('sample', 'exact')!, { count: 4000, beta: 0, units: 'visible' });
    expect(hot.outputs[0].array?.shape).toEqual([4000, visible]);
    const ones = (hot.outputs[0].array?.values as Uint8Array).reduce((a, b) => a + b, 0) / (4000 * visible);
    expect(Math.abs(ones - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / (4000 * visible)));
    const cold = await runMethod(findMethod('sample', 'exact')!, { count: 200, beta: 200 });
    const ground = reference.energies.indexOf(Math.min(...reference.energies));
    const values = cold.outputs[0].array?.values as Uint8Array;
    for (let s = 0; s < 200; s++) {
      let state = 0;
      for (let i = 0; i < model.unitCount; i++) state |= values[s * model.unitCount + i] << i;
      expect(reference.energies[state]).toBeCloseTo(reference.energies[ground], 5);
    }
  });

  it('inverse-CDF lookup returns the first index whose cumulative probability exceeds u', () => {
    const cumulative = Float64Array.from([0.1, 0.1, 0.5, 1]);
    expect([0, 0.0999, 0.1, 0.3, 0.5, 0.99999].map((u) => inverseCdf(cumulative, u))).toEqual([0, 0, 2, 2, 3, 3]);
  });

  it('settings are checked against the method description, with defaults filled in', () => {
    const sampling = findMethod('sample', 'exact')!.info;
    expect(methodSettings(sampling, {})).toEqual({ hyper: { count: 100, beta: 1 }, choices: { units: 'all' }, texts: {} });
    expect(() => methodSettings(sampling, { count: 2.5 })).toThrow(/whole number/);
    expect(() => methodSettings(sampling, { units: 'some' })).toThrow(/one of all, visible/);
    expect(() => methodSettings(sampling, { sweeps: 3 })).toThrow(/no setting 'sweeps'/);
  });
});
