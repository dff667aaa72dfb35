import { beforeAll, describe, expect, it } from 'vitest';
import { exactModelStatistics } from '../../../engine/energy/exact';
import { hebbParameters } from '../../../engine/energy/hopfield/hebbModel';
import { corruptPatterns } from '../../../engine/energy/hopfield/retrieve';
import { meanFieldFixedPoint } from '../../../engine/energy/meanfield/fixedPoint';
import { couplingMatrix } from '../../../engine/energy/sampling/couplings';
import { createRandom } from '../../../engine/random/seeded';
import { computeTrajectory } from '../../../engine/trajectory/computeTrajectory';
import { datasetFromRows, fullyCoupledModel, layeredModel, randomParameters, useTestBackend } from '../helpers/models';
import { acrossRuns, hopfieldLayerModel, largestRise, timeAverage } from './helpers';

beforeAll(async () => {
  await useTestBackend();
});

/** H(s) = −½ sᵀWs − bᵀs in float64 from the model's own blocks (s in the model's encoding). */
function energy64(model: Parameters<typeof couplingMatrix>[0], params: Parameters<typeof couplingMatrix>[1], s: number[]): number {
  const { weights, biases } = couplingMatrix(model, params);
  const n = s.length;
  let h = 0;
  for (let i = 0; i < n; i++) {
    h -= biases[i] * s[i];
    for (let j = 0; j < n; j++) h -= 0.5 * weights[i * n + j] * s[i] * s[j];
  }
  return h;
}

describe('Hopfield trajectories (Mehlig ch. 2)', () => {
  const n = 100;
  const model = hopfieldLayerModel(n);
  const random = createRandom(3);
  const rows = Array.from({ length: 5 }, () => Array.from({ length: n }, () => random.int(2)));
  const { params, patterns } = hebbParameters(model, datasetFromRows(rows));
  const cue = corruptPatterns(patterns.slice(0, n), 1, 0.1, 7);
  const start = Array.from(cue, (x) => (x > 0 ? 1 : 0)) as (0 | 1)[];

  it('retrieves a stored pattern corrupted by 10 % with deterministic asynchronous updates (N = 100, P = 5), H never rising', async () => {
    const result = await computeTrajectory(model, params, { method: 'hopfield', steps: 10, seed: 1, temperature: 0, start, patterns: rows as (0 | 1)[][] });
    expect(result.traceName).toBe('Energy H(s)');
    expect(result.frames).toHaveLength(11);
    expect(result.frames[0].values).toEqual(start);
    expect(result.frames[0].overlaps![0]).toBeCloseTo(0.8, 6);
    // float32 energies of ~100 terms of size 1/N: 1e-5 covers rounding.
    expect(largestRise(result.frames)).toBeLessThanOrEqual(1e-5);
    const last = result.frames[result.frames.length - 1];
    expect(last.overlaps![0]).toBe(1);
    expect(last.values).toEqual(rows[0]);
    for (const f of result.frames) expect(f.trace).toBeCloseTo(energy64(model, params, f.values.map((v) => 2 * v - 1)), 4);
  });

  it('keeps clamped units fixed and traces H in the 0/1 encoding too', async () => {
    const binary = hopfieldLayerModel(n, 'binary01');
    const binaryParams = hebbParameters(binary, datasetFromRows(rows)).params;
    const clamp = rows[0].map((v, i) => (i < 30 ? v : null)) as (0 | 1 | null)[];
    const result = await computeTrajectory(binary, binaryParams, { method: 'hopfield', steps: 6, seed: 2, temperature: 0, start, clamp });
    for (const f of result.frames) {
      for (let i = 0; i < 30; i++) expect(f.values[i]).toBe(rows[0][i]);
      expect(f.trace).toBeCloseTo(energy64(binary, binaryParams, f.values), 3);
    }
    expect(largestRise(result.frames)).toBeLessThanOrEqual(1e-4);
    expect(result.frames[result.frames.length - 1].values).toEqual(rows[0]);
  });

  it('runs stochastic dynamics at T > 0 and synchronous ones at T = 0, and refuses stochastic synchronous updates', async () => {
    const hot = await computeTrajectory(model, params, { method: 'hopfield', steps: 20, seed: 4, temperature: 0.2, start, patterns: [rows[0]] as (0 | 1)[][] });
    expect(hot.frames[hot.frames.length - 1].overlaps![0]).toBeGreaterThan(0.8);
    const sync = await computeTrajectory(model, params, { method: 'hopfield', steps: 5, seed: 4, temperature: 0, hopfieldUpdate: 'sync', start });
    expect(sync.frames[sync.frames.length - 1].values).toEqual(rows[0]);
    await expect(computeTrajectory(model, params, { method: 'hopfield', steps: 5, seed: 4, temperature: 1, hopfieldUpdate: 'sync' })).rejects.toThrow(/one unit at a time/);
  });
});

describe('mean-field trajectories of energy models (Mehlig §3.3)', () => {
  const cases = [
    ['layered 5 + 4, batched', (encoding: 'pm1' | 'binary01') => layeredModel(5, 4, encoding)],
    ['fully coupled 10, unit by unit', (encoding: 'pm1' | 'binary01') => fullyCoupledModel(6, 4, encoding)],
  ] as const;
  for (const [[what, build], encoding] of cases.flatMap((c) => (['pm1', 'binary01'] as const).map((e) => [c, e] as const))) {
    it(`never raise F with sequential sweeps and end at meanFieldFixedPoint's solution (${what}, ${encoding})`, async () => {
      const model = build(encoding);
      const params = randomParameters(model, 11, 0.8, 0.5);
      const result = await computeTrajectory(model, params, { method: 'meanfield', steps: 200, seed: 5, temperature: 1 });
      expect(result.traceName).toBe('Mean-field free energy F');
      expect(largestRise(result.frames)).toBeLessThanOrEqual(1e-5);
      const startMeans = Float32Array.from(result.frames[0].values, (p) => (encoding === 'pm1' ? 2 * p - 1 : p));
      const solved = meanFieldFixedPoint(model, params, { initial: startMeans, tolerance: 1e-7, maxIterations: 5000 });
      expect(solved.converged).toBe(true);
      const last = result.frames[result.frames.length - 1];
      last.values.forEach((p, i) => expect(Math.abs((encoding === 'pm1' ? 2 * p - 1 : p) - solved.means[i])).toBeLessThan(1e-4));
      expect(last.trace).toBeCloseTo(solved.freeEnergies[0], 4);
    });
  }

  it('holds clamped units at their values and starts free visible units at `start`', async () => {
    for (const model of [layeredModel(4, 3, 'pm1'), fullyCoupledModel(4, 6, 'pm1')]) {
      const params = randomParameters(model, 12);
      const result = await computeTrajectory(model, params, { method: 'meanfield', steps: 30, seed: 1, clamp: [1, null, 0, null], start: [0, 1, 1, 0] });
      expect(result.frames[0].values.slice(0, 4)).toEqual([1, 1, 0, 0]);
      for (const f of result.frames) expect([f.values[0], f.values[2]]).toEqual([1, 0]);
      expect(largestRise(result.frames)).toBeLessThanOrEqual(1e-5);
    }
    const model = layeredModel(4, 3, 'pm1');
    const params = randomParameters(model, 12);
    await expect(computeTrajectory(model, params, { method: 'meanfield', steps: 3, seed: 1, temperature: 0 })).rejects.toThrow(/positive finite temperature/);
  });
});

describe('Gibbs trajectories of energy models (Mehlig eq. 3.1)', () => {
  it('time-averaged P(on) over many frames matches exact marginals of a 4-unit Boltzmann machine within 4 standard errors', async () => {
    const model = fullyCoupledModel(4, 0, 'pm1');
    const params = randomParameters(model, 21, 0.8, 0.4);
    const exact = exactModelStatistics(model, params).meanStates;
    // Independent seeds make the run averages independent, so their spread gives the standard error despite autocorrelation within a run.
    const runs: number[][] = [];
    for (let seed = 0; seed < 20; seed++) {
      const result = await computeTrajectory(model, params, { method: 'gibbs', steps: 400, seed });
      if (seed === 0) {
        expect(result.traceName).toBe('Energy H(s)');
        for (const f of result.frames) expect(f.trace).toBeCloseTo(energy64(model, params, f.values.map((v) => 2 * v - 1)), 4);
      }
      runs.push(timeAverage(result.frames));
    }
    const { mean, standardError } = acrossRuns(runs);
    for (let i = 0; i < 4; i++) expect(Math.abs(mean[i] - (1 + exact[i]) / 2)).toBeLessThanOrEqual(4 * standardError[i]);
  });

  for (const encoding of ['pm1', 'binary01'] as const) {
    it(`sweeps a densely coupled model (10 units, 10 colour classes) unit by unit with the same marginals as exact enumeration (${encoding})`, async () => {
      const model = fullyCoupledModel(6, 4, encoding);
      const params = randomParameters(model, 23, encoding === 'pm1' ? 0.4 : 0.8, 0.4);
      const exact = exactModelStatistics(model, params, 0.5).meanStates;
      const runs: number[][] = [];
      for (let seed = 0; seed < 20; seed++) {
        const result = await computeTrajectory(model, params, { method: 'gibbs', steps: 400, seed, temperature: 2 });
        if (seed === 0) for (const f of result.frames.slice(0, 20)) expect(f.trace).toBeCloseTo(energy64(model, params, f.values.map((v) => (encoding === 'pm1' ? 2 * v - 1 : v))), 4);
        runs.push(timeAverage(result.frames));
      }
      const { mean, standardError } = acrossRuns(runs);
      for (let i = 0; i < 10; i++) expect(Math.abs(mean[i] - (encoding === 'pm1' ? (1 + exact[i]) / 2 : exact[i]))).toBeLessThanOrEqual(4 * standardError[i]);
    });
  }

  it('never changes clamped units, and descends H at T = 0', async () => {
    const model = layeredModel(4, 3, 'binary01');
    const params = randomParameters(model, 22);
    const clamp = [1, 0, null, 1] as (0 | 1 | null)[];
    const result = await computeTrajectory(model, params, { method: 'gibbs', steps: 50, seed: 3, clamp });
    for (const f of result.frames) expect([f.values[0], f.values[1], f.values[3]]).toEqual([1, 0, 1]);
    const cold = await computeTrajectory(model, params, { method: 'gibbs', steps: 20, seed: 3, temperature: 0 });
    expect(largestRise(cold.frames)).toBeLessThanOrEqual(1e-5);
    const dense = fullyCoupledModel(6, 4, 'pm1');
    const denseParams = randomParameters(dense, 24);
    const held = await computeTrajectory(dense, denseParams, { method: 'gibbs', steps: 30, seed: 3, clamp: [1, null, 0, null, null, 1] });
    for (const f of held.frames) expect([f.values[0], f.values[2], f.values[5]]).toEqual([1, 0, 1]);
    const descent = await computeTrajectory(dense, denseParams, { method: 'gibbs', steps: 10, seed: 3, temperature: 0 });
    expect(largestRise(descent.frames)).toBeLessThanOrEqual(1e-9);
  });
});
