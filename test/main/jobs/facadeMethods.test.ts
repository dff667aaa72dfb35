import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { BELIEF_METHODS, ENERGY_METHODS } from '../../../engine/infer/methods';
import { inferenceRows, inferRows, type InferArgs } from '../../../engine/infer/runInference';
import type { ModelParameters } from '../../../engine/model/parameters';
import { findMethod, methodsFor, parseMethodText, withImplied } from '../../../main/jobs/methods';
import { tableRow, type ColumnGroup } from '../../../main/jobs/methods/inferenceTable';
import { FINE_STEPS, jobSteps } from '../../../main/jobs/methods/jobProgress';
import { methodInfo, methodSettings } from '../../../main/jobs/methods/settings';
import type { MethodOutput } from '../../../main/jobs/methods/types';
import { reference64 } from '../../engine/belief/reference';
import { bruteForce, type BruteForce } from '../../engine/helpers/bruteForce';
import { datasetFromRows, fullyCoupledModel, randomDataset, randomParameters, rbmModel, useTestBackend } from '../../engine/helpers/models';

// The job methods that wrap the engine facades, run directly (no worker): what they store is what the facades compute,
// and that agrees with float64 enumeration (k standard errors for samplers, the bound's direction for variational methods).

beforeAll(useTestBackend);

const rbm = rbmModel(3, 2, 'binary01');
const rbmParams = randomParameters(rbm, 5, 0.8, 0.4);
const rbmRef = bruteForce(rbm, rbmParams);
const bm = fullyCoupledModel(3, 2);
const bmParams = randomParameters(bm, 7, 0.4, 0.3);
const bmRef = bruteForce(bm, bmParams);
const sbn = layeredBeliefSpec([2, 3, 4]);
const sbnParams = randomBeliefParameters(sbn, 3, { scale: 1.5 });
const net = beliefNetwork(sbn, sbnParams);

interface Ran {
  outputs: MethodOutput[];
  progress: { step: number; totalSteps: number; metrics: Record<string, number> }[];
}

/** Runs kind:method as the worker does (settings read by the model's description, text settings checked), leak-checked. */
async function runJob(kind: 'infer' | 'sample' | 'evaluate', text: string, model: CompiledModel, parameters: ModelParameters, config: Record<string, number | string>, dataset?: BinaryDataset, signal?: AbortSignal): Promise<Ran> {
  const { name, implied } = parseMethodText(text);
  const method = findMethod(kind, name)!;
  expect(method.refuses(model)).toBeUndefined();
  const settings = methodSettings(methodInfo(method, model), withImplied(text, implied, config));
  method.check?.(model, settings);
  const ran: Ran = { outputs: [], progress: [] };
  const before = tf.memory().numTensors;
  await method.run(
    { model, parameters, dataset, seed: 9, ...settings },
    { signal: signal ?? new AbortController().signal, between: async () => undefined, progress: (step, totalSteps, metrics) => ran.progress.push({ step, totalSteps, metrics }), output: (o) => ran.outputs.push(o) },
  );
  expect(tf.memory().numTensors).toBe(before);
  return ran;
}

/** Rows of a stored inference table, decoded by its column groups. */
function storedRows(output: MethodOutput): Record<string, number | number[]>[] {
  const [rows, stride] = output.array!.shape;
  const groups = output.summary.groups as ColumnGroup[];
  expect(output.summary.columns as string[]).toHaveLength(stride);
  return Array.from({ length: rows }, (_, r) => tableRow(groups, stride, output.array!.values, r));
}

/** ln P of the known visible units and the posterior means of every unit, by float64 enumeration of an energy model. */
function partial(ref: BruteForce, model: CompiledModel, known: number[], bits: ArrayLike<number>): { logP: number; means: number[] } {
  const on = (value: number) => (value > 0 ? 1 : 0);
  let mass = 0;
  const means = new Array<number>(model.unitCount).fill(0);
  ref.states.forEach((s, k) => {
    if (!known.every((p) => on(s[model.visibleIndices[p]]) === bits[p])) return;
    mass += ref.probabilities[k];
    s.forEach((value, i) => (means[i] += ref.probabilities[k] * value));
  });
  return { logP: Math.log(mass), means: means.map((m) => m / mass) };
}

const rowBits = (data: BinaryDataset, r: number) => Array.from(data.bits.subarray(r * data.width, (r + 1) * data.width));

describe('inference jobs over the facade', () => {
  const data3 = randomDataset(3, 8, 2);
  const data4 = randomDataset(4, 8, 1);

  it('store exactly what inferRows computes, every method of both families, in named column groups', async () => {
    const cases: [CompiledModel, ModelParameters, BinaryDataset, string, Omit<InferArgs, 'method'>][] = [
      [rbm, rbmParams, data3, 'exact', {}],
      [rbm, rbmParams, data3, 'gibbs', { chains: 4, burnIn: 10, sweeps: 40 }],
      [rbm, rbmParams, data3, 'meanfield', { restarts: 2 }],
      [rbm, rbmParams, data3, 'ais', { temperatures: 100, runs: 16 }],
      [sbn, sbnParams, data4, 'exact', {}],
      [sbn, sbnParams, data4, 'gibbs', { chains: 4, burnIn: 10, sweeps: 40 }],
      [sbn, sbnParams, data4, 'meanfield', {}],
      [sbn, sbnParams, data4, 'attractor', { iterations: 8 }],
      [sbn, sbnParams, data4, 'mixture:3', { maxSweeps: 100 }],
    ];
    for (const [model, params, data, method, options] of cases) {
      const clamp = '0,2';
      const { outputs, progress } = await runJob('infer', method, model, params, { ...(options as Record<string, number>), clamp }, data);
      const direct = inferenceRows(await inferRows(model, params, data, { ...options, method, seed: 9, clamp: { positions: [0, 2] } }));
      expect(outputs.map((o) => o.kind)).toEqual(['inference', 'completions']);
      // Rows as steps; the estimators at least FINE_STEPS, so their bar moves over few rows.
      const steps = jobSteps(parseMethodText(method).name, data.rowCount);
      expect(steps).toBe(method === 'ais' ? FINE_STEPS : data.rowCount);
      expect(progress.at(-1)).toMatchObject({ step: steps, totalSteps: steps });
      expect(progress.every((p, k) => Number.isInteger(p.step) && (k === 0 || p.step > progress[k - 1].step))).toBe(true);
      const rows = storedRows(outputs[0]);
      rows.forEach((row, r) => {
        for (const [key, value] of Object.entries(direct[r])) {
          if (key === 'row') continue;
          const want = Array.isArray(value) ? value.map(Math.fround) : Math.fround(value as number);
          expect(row[key], `${method} row ${r} ${key}`).toEqual(want);
        }
        expect(Object.keys(row).sort()).toEqual(Object.keys(direct[r]).filter((k) => k !== 'row').sort());
      });
      expect(outputs[1].array).toMatchObject({ dtype: 'bits', shape: [data.rowCount, data.width] });
      expect(Array.from(outputs[1].array!.values)).toEqual(direct.flatMap((row) => row.completed as number[]));
      expect(outputs[0].summary).toMatchObject({ method: method === 'mixture:3' ? 'mixture:3' : method, clamp, rows: data.rowCount });
    }
  });

  it('energy models: exact and AIS agree with enumeration (AIS within 4 standard errors), Gibbs means within 4.5', async () => {
    const exact = storedRows((await runJob('infer', 'exact', rbm, rbmParams, { clamp: '0-1' }, data3)).outputs[0]);
    const gibbs = storedRows((await runJob('infer', 'gibbs', rbm, rbmParams, { clamp: '0-1', chains: 32, sweeps: 300 }, data3)).outputs[0]);
    const ais = storedRows((await runJob('infer', 'ais', rbm, rbmParams, { temperatures: 500, runs: 64 }, data3)).outputs[0]);
    for (let r = 0; r < data3.rowCount; r++) {
      const bits = rowBits(data3, r);
      const known = partial(rbmRef, rbm, [0, 1], bits);
      expect(exact[r].logProbability as number).toBeCloseTo(known.logP, 4);
      rbm.hiddenIndices.forEach((u, k) => {
        expect((exact[r].hiddenMeans as number[])[k]).toBeCloseTo(known.means[u], 4);
        const se = (gibbs[r].hiddenStandardErrors as number[])[k];
        expect(Math.abs((gibbs[r].hiddenMeans as number[])[k] - known.means[u])).toBeLessThanOrEqual(4.5 * se + 1e-6);
      });
      expect((exact[r].visibleMeans as number[])[2]).toBeCloseTo(known.means[rbm.visibleIndices[2]], 4);
      const full = rbmRef.logProbabilityOf(bits);
      const error = Math.abs((ais[r].logProbabilityEstimate as number) - full);
      expect(error).toBeLessThanOrEqual(Math.max(4 * (ais[r].standardError as number), 1e-3));
      expect(error).toBeLessThan(0.1);
    }
  });

  it('belief networks: exact matches float64 enumeration; the mean-field and mixture bounds stay below it, the mixture above mean field', async () => {
    const exact = storedRows((await runJob('infer', 'exact', sbn, sbnParams, {}, data4)).outputs[0]);
    const meanField = storedRows((await runJob('infer', 'meanfield', sbn, sbnParams, {}, data4)).outputs[0]);
    const mixture = storedRows((await runJob('infer', 'mixture', sbn, sbnParams, { components: 3, maxSweeps: 100 }, data4)).outputs[0]);
    const gibbs = storedRows((await runJob('infer', 'gibbs', sbn, sbnParams, { chains: 32, sweeps: 200 }, data4)).outputs[0]);
    for (let r = 0; r < data4.rowCount; r++) {
      const ref = reference64(net, net.visibleIndices, rowBits(data4, r));
      expect(exact[r].logProbability as number).toBeCloseTo(ref.logLikelihood, 4);
      // Stored as float32: a bound may round up by a few ulps of |ln P| ≈ 3.
      expect(meanField[r].lowerBound as number).toBeLessThanOrEqual(ref.logLikelihood + 1e-5);
      expect(mixture[r].lowerBound as number).toBeLessThanOrEqual(ref.logLikelihood + 1e-5);
      expect(mixture[r].lowerBound as number).toBeGreaterThanOrEqual((meanField[r].lowerBound as number) - 1e-5);
      sbn.hiddenIndices.forEach((u, k) => {
        const se = (gibbs[r].hiddenStandardErrors as number[])[k];
        expect(Math.abs((gibbs[r].hiddenMeans as number[])[k] - ref.marginals[u])).toBeLessThanOrEqual(4.5 * se + 1e-6);
      });
    }
  });

  it('a cancel between batches of rows ends the job without output', async () => {
    const controller = new AbortController();
    controller.abort();
    const { outputs } = await runJob('infer', 'gibbs', rbm, rbmParams, { chains: 4, sweeps: 20 }, randomDataset(3, 40, 3), controller.signal);
    expect(outputs).toEqual([]);
  });
});

describe('sampling jobs over the facade', () => {
  /** Frequencies of visible patterns (bit k = position k) against exact probabilities, within 5 binomial standard errors. */
  function expectFrequencies(output: MethodOutput, probabilities: number[]): void {
    const [count, width] = output.array!.shape;
    const seen = new Array<number>(2 ** width).fill(0);
    for (let s = 0; s < count; s++) {
      let pattern = 0;
      for (let k = 0; k < width; k++) pattern |= output.array!.values[s * width + k] << k;
      seen[pattern] += 1 / count;
    }
    probabilities.forEach((p, pattern) => expect(Math.abs(seen[pattern] - p), `pattern ${pattern}`).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / count) + 1e-9));
  }

  const visibleDistribution = (ref: BruteForce, model: CompiledModel, known: number[] = [], bits: number[] = []) => {
    const base = known.length ? partial(ref, model, known, bits).logP : 0;
    return Array.from({ length: 2 ** model.visibleIndices.length }, (_, pattern) => {
      const v = model.visibleIndices.map((_, k) => (pattern >> k) & 1);
      return known.every((p, k) => v[p] === bits[k]) ? Math.exp(ref.logProbabilityOf(v) - base) : 0;
    });
  };

  it('energy models: gibbs, metropolis and anneal (ending at T = 1) draw P(v), also with held units', async () => {
    const count = 3000;
    const free = visibleDistribution(bmRef, bm);
    for (const [method, config] of [['gibbs', { sweeps: 30 }], ['metropolis', { sweeps: 30 }], ['anneal', { schedule: '3:5,2:5,1:30' }]] as const) {
      const { outputs } = await runJob('sample', method, bm, bmParams, { count, ...config }, undefined);
      expect(outputs[0]).toMatchObject({ kind: 'samples', summary: { method, states: 'final', encoding: 'pm1', columns: ['u0', 'u1', 'u2'] } });
      expectFrequencies(outputs[0], free);
    }
    const held = await runJob('sample', 'gibbs', bm, bmParams, { count, sweeps: 30, clamp: '0=1' }, undefined);
    expectFrequencies(held.outputs[0], visibleDistribution(bmRef, bm, [0], [1]));
  });

  it('anneal stores the lowest-energy states and, when asked, the energy trace of every chain', async () => {
    const { outputs, progress } = await runJob('sample', 'anneal', bm, bmParams, { count: 50, schedule: 'geometric:4,0.5,6,5', trace: 'on', units: 'all' }, undefined);
    expect(outputs.map((o) => [o.kind, o.summary.states, o.array!.shape])).toEqual([
      ['samples', 'final', [50, 5]],
      ['samples', 'lowest-energy', [50, 5]],
      ['evaluation', undefined, [30, 51]],
    ]);
    const trace = outputs[2].array!.values;
    expect(trace[0]).toBeCloseTo(4, 5);
    expect(trace[29 * 51]).toBeCloseTo(0.5, 5);
    const { minEnergy, minBestEnergy } = progress.at(-1)!.metrics;
    expect(minBestEnergy).toBeLessThanOrEqual(minEnergy + 1e-6);
    expect(minBestEnergy).toBeCloseTo(Math.min(...bmRef.energies), 4);
  });

  it('belief networks: ancestral samples follow P(v); gibbs with held units follows P(v | held)', async () => {
    const count = 4000;
    const logP = (pattern: number) => reference64(net, net.visibleIndices, net.visibleIndices.map((_, k) => (pattern >> k) & 1)).logLikelihood;
    const exact = Array.from({ length: 16 }, (_, p) => Math.exp(logP(p)));
    expectFrequencies((await runJob('sample', 'ancestral', sbn, sbnParams, { count }, undefined)).outputs[0], exact);
    const held = reference64(net, [net.visibleIndices[0], net.visibleIndices[2]], [1, 0]).logLikelihood;
    const conditional = exact.map((p, pattern) => ((pattern & 1) === 1 && ((pattern >> 2) & 1) === 0 ? p / Math.exp(held) : 0));
    expectFrequencies((await runJob('sample', 'gibbs', sbn, sbnParams, { count, sweeps: 30, clamp: 'pattern:1?0?' }, undefined)).outputs[0], conditional);
  });
});

describe('evaluation jobs over the facade', () => {
  const data = datasetFromRows([[1, 0, 1, 1], [1, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 0]]);
  const negEntropy = 0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25);

  it('belief networks: exact mean ln P and KL, an upper bound on KL from the bounds, −L without KL', async () => {
    const mean = [0, 1, 2, 3].reduce((sum, r) => sum + reference64(net, net.visibleIndices, rowBits(data, r)).logLikelihood, 0) / 4;
    const exact = (await runJob('evaluate', 'exact', sbn, sbnParams, {}, data)).progress.at(-1)!.metrics;
    expect(exact.meanLogLikelihood).toBeCloseTo(mean, 4);
    expect(exact.kl).toBeCloseTo(negEntropy - mean, 4);
    for (const method of ['meanfield', 'mixture:2']) {
      const ran = await runJob('evaluate', method, sbn, sbnParams, method === 'meanfield' ? {} : { maxSweeps: 100 }, data);
      const figures = ran.progress.at(-1)!.metrics;
      expect(figures.klUpperBound).toBeGreaterThanOrEqual(exact.kl - 1e-9);
      expect(ran.outputs[0]).toMatchObject({ kind: 'evaluation', summary: { method, quantity: 'lowerBound', distinctPatterns: 3, rows: 4 } });
    }
    const attractor = (await runJob('evaluate', 'attractor', sbn, sbnParams, {}, data)).progress.at(-1)!.metrics;
    expect(Number.isFinite(attractor.meanNegativeLyapunov)).toBe(true);
    expect(attractor.kl ?? attractor.klUpperBound).toBeUndefined();
  });

  it('RBMs: the AIS estimate of the mean ln P(v) lies within 0.1 nats of enumeration', async () => {
    const rows = datasetFromRows([[1, 0, 1], [0, 0, 1], [1, 1, 0]]);
    const mean = [0, 1, 2].reduce((sum, r) => sum + rbmRef.logProbabilityOf(rowBits(rows, r)), 0) / 3;
    const figures = (await runJob('evaluate', 'ais', rbm, rbmParams, { runs: 64, temperatures: 500 }, rows)).progress.at(-1)!.metrics;
    expect(Math.abs(figures.meanLogProbabilityEstimate - mean)).toBeLessThan(0.1);
    expect(figures.klEstimate).toBeCloseTo(Math.log(1 / 3) - figures.meanLogProbabilityEstimate, 6);
  });
});

describe('method registry and settings', () => {
  it('offers each family its methods, with that family’s options and defaults', () => {
    const names = (model: CompiledModel, kind: 'infer' | 'sample' | 'evaluate') => methodsFor(model, kind).map((m) => m.name);
    expect(names(rbm, 'infer')).toEqual(['exact', 'gibbs', 'meanfield', 'ais']);
    expect(names(bm, 'infer')).toEqual(['exact', 'gibbs', 'meanfield', 'ais']);
    expect(names(sbn, 'infer')).toEqual(['exact', 'gibbs', 'meanfield', 'attractor', 'mixture', 'importance']);
    expect(names(sbn, 'sample')).toEqual(['gibbs', 'ancestral']);
    expect(names(sbn, 'evaluate')).toEqual(['exact', 'meanfield', 'attractor', 'mixture', 'importance', 'compare']);
    const options = (model: CompiledModel, name: string) => methodsFor(model, 'infer').find((m) => m.name === name)!.hyperparameters;
    for (const name of ['gibbs', 'meanfield']) {
      expect(options(rbm, name)).toEqual(ENERGY_METHODS.find((m) => m.name === name)!.options);
      expect(options(sbn, name)).toEqual(BELIEF_METHODS.find((m) => m.name === name)!.options);
    }
    expect(options(rbm, 'meanfield').map((o) => o.key)).toContain('restarts');
    expect(options(sbn, 'meanfield').map((o) => o.key)).not.toContain('restarts');
    const anneal = methodsFor(bm, 'sample').find((m) => m.name === 'anneal')!;
    expect(anneal.texts).toEqual([expect.objectContaining({ key: 'schedule', required: true }), expect.objectContaining({ key: 'clamp' })]);
    expect(anneal.hyperparameters.map((h) => h.key)).toEqual(['count']);
    expect(findMethod('infer', 'attractor')!.refuses(bm)).toMatch(/applies to sigmoid belief networks, not to this energy model/);
    expect(findMethod('infer', 'ais')!.refuses(bm)).toBeUndefined();
    expect(methodsFor(bm, 'infer').find((m) => m.name === 'ais')!.choices).toEqual([expect.objectContaining({ key: 'base', options: ['data', 'uniform'], default: 'data' })]);
    expect(findMethod('sample', 'ancestral')!.refuses(rbm)).toMatch(/applies to sigmoid belief networks/);
  });

  it('refuses settings the method does not take, missing required text, and unreadable clamps and schedules', () => {
    const settings = (kind: 'infer' | 'sample', name: string, model: CompiledModel, config: Record<string, number | string>) => {
      const method = findMethod(kind, name)!;
      const read = methodSettings(methodInfo(method, model), config);
      method.check?.(model, read);
      return read;
    };
    const beliefGibbs = Object.fromEntries(BELIEF_METHODS.find((m) => m.name === 'gibbs')!.options.map((o) => [o.key, o.default]));
    expect(settings('infer', 'gibbs', sbn, {})).toEqual({ hyper: beliefGibbs, choices: {}, texts: {} });
    expect(settings('infer', 'gibbs', sbn, { chains: 3, clamp: ' 0-1 ' })).toEqual({ hyper: { ...beliefGibbs, chains: 3 }, choices: {}, texts: { clamp: '0-1' } });
    expect(() => settings('infer', 'gibbs', rbm, { temperature: 2 })).toThrow(/Gibbs sampling has no setting 'temperature'; it takes chains, burnIn, sweeps, .*clamp/);
    expect(() => settings('infer', 'meanfield', sbn, { restarts: 2 })).toThrow(/no setting 'restarts'; it takes tolerance, maxSweeps, clamp/);
    expect(() => settings('infer', 'exact', rbm, { clamp: '' })).toThrow(/Known visible units \(clamp\) must be text/);
    expect(() => settings('infer', 'exact', rbm, { clamp: '0-7' })).toThrow(/Visible position 3 in '0-7' is outside 0…2/);
    expect(() => settings('infer', 'exact', sbn, { clamp: 'mask:101' })).toThrow(/a mask needs 4 digits/);
    expect(() => settings('infer', 'exact', sbn, { clamp: 'nose' })).toThrow(/'nose' is neither a visible position.*Layer 2\[0\]/);
    expect(() => settings('sample', 'anneal', bm, {})).toThrow(/needs the setting schedule \(annealing schedule\): geometric:FROM,TO,STEPS,SWEEPS/);
    expect(() => settings('sample', 'anneal', bm, { schedule: 'geometric:4,1' })).toThrow(/geometric:FROM,TO,STEPS,SWEEPS \(4 numbers\)/);
    expect(() => settings('sample', 'anneal', bm, { schedule: '1:5', sweeps: 3 })).toThrow(/no setting 'sweeps'; it takes count, units, sampler, trace, schedule, clamp/);
    expect(() => settings('sample', 'gibbs', bm, { clamp: 'u0=11' })).toThrow(/names 1 units but gives 2 bits/);
    expect(() => settings('sample', 'ancestral', sbn, { clamp: 'pattern:1???' })).toThrow(/no setting 'clamp'/);
    expect(() => settings('sample', 'gibbs', bm, { trace: 'yes' })).toThrow(/one of off, on/);
  });

  it('reads mixture:M as mixture with M components, refusing other suffixes and contradicting settings', () => {
    expect(parseMethodText('mixture:4')).toEqual({ name: 'mixture', implied: { components: 4 } });
    expect(parseMethodText(' gibbs ')).toEqual({ name: 'gibbs', implied: {} });
    for (const bad of ['mixture:0', 'mixture:x', 'exact:2', 'mixture:2:3']) expect(() => parseMethodText(bad)).toThrow(/only mixture takes a suffix/);
    expect(withImplied('mixture:3', { components: 3 }, { tolerance: 1e-4 })).toEqual({ tolerance: 1e-4, components: 3 });
    expect(withImplied('mixture:3', { components: 3 }, { components: 3 })).toEqual({ components: 3 });
    expect(() => withImplied('mixture:3', { components: 3 }, { components: 2 })).toThrow(/sets components = 3 but the settings say components = 2; give one/);
  });
});
