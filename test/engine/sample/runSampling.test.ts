import { beforeAll, describe, expect, it } from 'vitest';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { parseVisibleValues } from '../../../engine/infer/clamp';
import { sampleModel, samplingMethodsFor, type SampleArgs } from '../../../engine/sample/runSampling';
import { reference64 } from '../belief/reference';
import { bruteForce } from '../helpers/bruteForce';
import { fullyCoupledModel, randomParameters, rbmModel, useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';

beforeAll(useTestBackend);

/** Frequency of each pattern index (bit k of the index = column k) among count × width samples. */
function frequencies(samples: Uint8Array, width: number): Float64Array {
  const count = samples.length / width;
  const freq = new Float64Array(2 ** width);
  for (let c = 0; c < count; c++) {
    let index = 0;
    for (let k = 0; k < width; k++) index |= samples[c * width + k] << k;
    freq[index] += 1 / count;
  }
  return freq;
}

/** Every frequency within 4 binomial standard errors of its probability (independent samples: one chain each). */
function expectDistribution(freq: Float64Array, probabilities: ArrayLike<number>, count: number): void {
  for (let k = 0; k < freq.length; k++) {
    const p = probabilities[k];
    expect(Math.abs(freq[k] - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / count) + 1e-3);
  }
}

/** P(v) over visible patterns (bit k = visible unit k) from brute force, optionally given clamped visible positions. */
function visibleDistribution(model: EnergyModelSpec, beta: number, params: ReturnType<typeof randomParameters>, fixed: Map<number, number> = new Map()): Float64Array {
  const reference = bruteForce(model, params, beta);
  const v = model.visibleIndices.length;
  const p = new Float64Array(2 ** v);
  reference.states.forEach((s, index) => {
    const bits = model.visibleIndices.map((u) => (s[u] > 0 ? 1 : 0));
    if ([...fixed].some(([k, bit]) => bits[k] !== bit)) return;
    p[bits.reduce<number>((acc, b, k) => acc | (b << k), 0)] += reference.probabilities[index];
  });
  const total = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / total);
}

describe('sampleModel on energy models', () => {
  const model = fullyCoupledModel(3, 2, 'pm1');
  const params = randomParameters(model, 6, 0.6, 0.5);
  const count = 3000;

  for (const [method, temperature] of [['gibbs', 1], ['metropolis', 1], ['gibbs', 2]] as const) {
    it(`${method} at T = ${temperature}: visible pattern frequencies match exact P(v) within 4 standard errors`, async () => {
      const result = await noLeak(() => sampleModel(model, params, { method, count, sweeps: 40, temperature, seed: 3 }));
      expect([result.count, result.width, result.samples.length]).toEqual([count, 3, count * 3]);
      expectDistribution(frequencies(result.samples, 3), visibleDistribution(model, 1 / temperature, params), count);
    });
  }

  it('holds clamped units and samples the rest from the conditional distribution; energies and traces fit the states', async () => {
    const clamp = parseVisibleValues('u0=1', model);
    const result = await noLeak(() => sampleModel(model, params, { method: 'gibbs', count, sweeps: 40, seed: 5, clamp, units: 'all', trace: true }));
    expect(result.width).toBe(5);
    const visibleBits = new Uint8Array(count * 3);
    for (let c = 0; c < count; c++) {
      expect(result.samples[c * 5]).toBe(1);
      for (let k = 0; k < 3; k++) visibleBits[c * 3 + k] = result.samples[c * 5 + k];
    }
    expectDistribution(frequencies(visibleBits, 3), visibleDistribution(model, 1, params, new Map([[0, 1]])), count);
    const reference = bruteForce(model, params);
    for (let c = 0; c < 20; c++) {
      const index = Array.from(result.samples.subarray(c * 5, c * 5 + 5)).reduce((acc, b, k) => acc | (b << k), 0);
      expect(result.energies![c]).toBeCloseTo(reference.energies[index], 4);
    }
    expect(result.energyTrace!.length).toBe(40 * count);
    expect(Array.from(result.energyTrace!.subarray(39 * count, 40 * count))).toEqual(Array.from(result.energies!));
    expect(Array.from(result.temperatures!)).toEqual(new Array(40).fill(1));
  });

  it('anneal: a schedule in text form cools chains to the ground state; T = 0 sweeps end in local minima', async () => {
    const frustrated = rbmModel(4, 4, 'pm1');
    const p = randomParameters(frustrated, 2, 1.5, 0.3);
    const reference = bruteForce(frustrated, p);
    const ground = reference.energies.reduce((a, e) => Math.min(a, e), Infinity);
    const result = await noLeak(() => sampleModel(frustrated, p, { method: 'anneal', count: 64, schedule: 'geometric:5,0.05,40,5', seed: 1, trace: true, units: 'all' }));
    expect(result.temperatures!.length).toBe(200);
    for (let c = 0; c < 64; c++) expect(result.bestEnergies![c]).toBeGreaterThanOrEqual(ground - 1e-4);
    const reached = Array.from(result.bestEnergies!).filter((e) => e < ground + 1e-4).length;
    expect(reached).toBeGreaterThan(0.85 * 64);
    const quenched = await sampleModel(frustrated, p, { method: 'gibbs', count: 32, sweeps: 20, temperature: 0, seed: 2, units: 'all' });
    for (let c = 0; c < 32; c++) {
      const state = Array.from(quenched.samples.subarray(c * 8, c * 8 + 8));
      const index = state.reduce((acc, b, k) => acc | (b << k), 0);
      for (let i = 0; i < 8; i++) expect(reference.energies[index ^ (1 << i)]).toBeGreaterThanOrEqual(reference.energies[index] - 1e-4);
    }
  });

  it('refuses what does not fit, naming the fix', async () => {
    const run = (args: SampleArgs): Promise<unknown> => sampleModel(model, params, args);
    await expect(run({ method: 'ancestral' })).rejects.toThrow(/applies to sigmoid belief networks.*energy model: gibbs, metropolis, anneal, tempering/);
    await expect(run({ method: 'anneal' })).rejects.toThrow(/Annealing needs a schedule, e\.g\./);
    await expect(run({ method: 'anneal', schedule: '4:10,2', sweeps: 3 })).rejects.toThrow(/should read TEMPERATURE:SWEEPS/);
    await expect(run({ method: 'gibbs', temperature: -1 })).rejects.toThrow(/temperature must be finite and ≥ 0/);
    await expect(run({ method: 'gibbs', count: 0 })).rejects.toThrow(/sample count must be a whole number ≥ 1/);
    expect(() => parseVisibleValues('pattern:1?', model)).toThrow(/needs 3 characters/);
    expect(samplingMethodsFor(model).map((m) => m.name)).toEqual(['gibbs', 'metropolis', 'anneal', 'tempering']);
  });
});

describe('sampleModel on belief networks', () => {
  const model = layeredBeliefSpec([2, 3]);
  const params = randomBeliefParameters(model, 3, { scale: 1.5 });

  it('ancestral: visible pattern frequencies match exact P(V) within 4 standard errors', async () => {
    const count = 4000;
    const result = await noLeak(() => sampleModel(model, params, { method: 'ancestral', count, seed: 7 }));
    expect(result.encoding).toBe('binary01');
    const network = beliefNetwork(model, params);
    const exact = Array.from({ length: 8 }, (_, index) => Math.exp(reference64(network, model.visibleIndices, [0, 1, 2].map((k) => (index >> k) & 1)).logLikelihood));
    expectDistribution(frequencies(result.samples, 3), exact, count);
    const all = await sampleModel(model, params, { method: 'ancestral', count: 10, seed: 7, units: 'all' });
    expect(all.width).toBe(5);
  });

  it('gibbs: free visible units follow P(V | clamped units), with and without a clamp, within 4 standard errors', async () => {
    const count = 3000;
    const network = beliefNetwork(model, params);
    const logP = Array.from({ length: 8 }, (_, index) => reference64(network, model.visibleIndices, [0, 1, 2].map((k) => (index >> k) & 1)).logLikelihood);
    const free = await noLeak(() => sampleModel(model, params, { method: 'gibbs', count, sweeps: 20, seed: 3 }));
    expectDistribution(frequencies(free.samples, 3), logP.map(Math.exp), count);
    const clamped = await noLeak(() => sampleModel(model, params, { method: 'gibbs', count, sweeps: 20, seed: 4, clamp: parseVisibleValues('pattern:?1?', model) }));
    for (let c = 0; c < count; c++) expect(clamped.samples[c * 3 + 1]).toBe(1);
    const given = logP.map((l, index) => ((index >> 1) & 1 ? Math.exp(l) : 0));
    const total = given.reduce((a, b) => a + b, 0);
    expectDistribution(frequencies(clamped.samples, 3), given.map((p) => p / total), count);
  });

  it('refuses energy-model settings and clamps without conditioning', async () => {
    await expect(sampleModel(model, params, { method: 'anneal' })).rejects.toThrow(/applies to energy models.*sigmoid belief network: ancestral, gibbs/);
    await expect(sampleModel(model, params, { method: 'ancestral', temperature: 2 })).rejects.toThrow(/temperature do not apply/);
    await expect(sampleModel(model, params, { method: 'ancestral', sweeps: 2 })).rejects.toThrow(/sweeps do not apply/);
    await expect(sampleModel(model, params, { method: 'gibbs', schedule: '1:5' })).rejects.toThrow(/schedule do not apply/);
    await expect(sampleModel(model, params, { method: 'ancestral', clamp: parseVisibleValues('pattern:1??', model) })).rejects.toThrow(/cannot hold units fixed.*use --method gibbs/);
    expect(samplingMethodsFor(model).map((m) => m.name)).toEqual(['ancestral', 'gibbs']);
  });
});
